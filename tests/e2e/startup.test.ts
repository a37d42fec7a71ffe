import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanUp, ROOT, run, uniqueName } from '../helpers';

// The start-up tricks (README, Performance): the V8 code cache of bin/load.js, koffi's native
// build loaded directly (src/cli/fast-koffi.ts), plain invocations parsed without commander. What
// they save is measured by `npm run bench`; here, that they are in use, and that the tools stay
// correct wherever a trick's assumption does not hold.
afterEach(cleanUp);

/** The files and built-in modules a run of a bin loads, as Node's module debug log names them. */
function loaded(
  tool: 'shm-writer' | 'shm-reader',
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; modules: string[] } {
  const res = run(tool, args, { env: { NODE_DEBUG: 'module', ...env } });
  const log = res.stderr.replace(/\x1b\[[0-9;]*m/g, '');
  const modules = [...log.matchAll(/^MODULE \d+: load (?:built-in module (\S+)|"([^"]+)")/gm)].map((m) => m[1] ?? m[2].replace(ROOT, '.'));
  return { status: res.status, modules: [...new Set(modules)] };
}

/** A copy of the built package beside the real node_modules, changed by `change`, to run the bins from. */
function copyOfPackage(change: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'shm-startup-'));
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  change(dir);
  return dir;
}

function runFrom(dir: string, tool: string, args: string[]) {
  return spawnSync(process.execPath, [join(dir, 'bin', `${tool}.js`), ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NODE_DEBUG: 'module' },
  });
}

describe('the start-up tricks are in use', () => {
  it('a plain read or write takes the quick routes: no commander, no chalk, koffi without its loader', () => {
    const name = uniqueName('startup');
    for (const [tool, args] of [
      ['shm-writer', ['--name', name, '-q']],
      ['shm-reader', ['--name', name, '--json']],
    ] as const) {
      const { status, modules } = loaded(tool, [...args]);
      expect(status).toBe(0);
      expect(modules).toContain(`./node_modules/@koromix/koffi-linux-${process.arch}/linux_${process.arch}/koffi.node`);
      expect(modules.filter((m) => /node_modules\/(commander|chalk|koffi)\/|watch-live/.test(m))).toEqual([]);
    }
  });

  it("--watch's live view is a file of its own, without the FFI: it is loaded by the reader only on a terminal", () => {
    const live = readFileSync(join(ROOT, 'dist', 'bin', 'watch-live.js'), 'utf8');
    expect(live).toContain('createLogUpdate');
    expect(live).not.toMatch(/koffi|shm_open/);
    expect(readFileSync(join(ROOT, 'dist', 'bin', 'shm-reader.js'), 'utf8')).not.toContain('createLogUpdate');
  });

  it('colour comes from chalk inlined in the tool: no module loaded for it, nor node:tty', () => {
    const name = uniqueName('startup');
    expect(run('shm-writer', ['--name', name, '-q']).status).toBe(0);
    const { status, modules } = loaded('shm-reader', ['--name', name], { FORCE_COLOR: '1' });
    expect(status).toBe(0);
    expect(modules.filter((m) => /chalk|^node:(tty|os|net)$/.test(m))).toEqual([]);
    expect(run('shm-reader', ['--name', name], { env: { FORCE_COLOR: '1' } }).stdout).toBe(
      `\x1b[1m/${name}[0]\x1b[22m  \x1b[36mCol1\x1b[39m=100  \x1b[36mCol2\x1b[39m=876  \x1b[36mCol3\x1b[39m=8021\n`,
    );
  });

  it.each<[string, string[], number, boolean]>([
    ['--help', ['--help'], 0, false],
    ['help', ['help'], 0, false],
    ['--version', ['--version'], 0, false],
    ['a usage error commander reports', ['--name'], 2, true],
    ['an invalid name', ['--name', 'a/b'], 2, false],
  ])('%s never loads the FFI', (_, args, exit, commander) => {
    const { status, modules } = loaded('shm-reader', args);
    expect(status).toBe(exit);
    expect(modules.filter((m) => m.includes('koffi'))).toEqual([]);
    expect(modules.some((m) => m.includes('/node_modules/commander/'))).toBe(commander);
  });
});

describe('the tools stay correct where a trick does not apply', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it.each<[string, (dir: string) => void, RegExp]>([
    [
      'a code cache V8 rejects (another Node would)',
      (dir) => ['shm-writer', 'shm-reader'].forEach((t) => writeFileSync(join(dir, 'dist', 'bin', `${t}.js.cache`), 'not a code cache')),
      /koffi\.node/,
    ],
    [
      'no code cache at all',
      (dir) => ['shm-writer', 'shm-reader'].forEach((t) => rmSync(join(dir, 'dist', 'bin', `${t}.js.cache`))),
      /koffi\.node/,
    ],
    [
      'a koffi release the quick route does not expect',
      // Another length: V8 checks a code cache against its source's length only.
      (dir) =>
        ['shm-writer', 'shm-reader'].forEach((t) => {
          const file = join(dir, 'dist', 'bin', `${t}.js`);
          writeFileSync(file, readFileSync(file, 'utf8').replace(/KOFFI_VERSION="[^"]+"/, 'KOFFI_VERSION="0.0.0-unexpected"'));
        }),
      /node_modules\/koffi\/index/,
    ],
  ])('%s', (_, change, route) => {
    const dir = copyOfPackage(change);
    dirs.push(dir);
    const name = uniqueName('startup');
    const w = runFrom(dir, 'shm-writer', ['--name', name, '--index', '1', '--col2', '-7', '--json']);
    expect(w.status).toBe(0);
    expect(w.stderr).toMatch(route);
    const r = runFrom(dir, 'shm-reader', ['--name', name, '--index', '1', '--json']);
    expect([r.status, r.stdout]).toEqual([0, '{"Col1":0,"Col2":-7,"Col3":0}\n']);
  });
});

describe('the WebAssembly loops (dist/records.wasm)', () => {
  const lines = Array.from({ length: 5000 }, (_, i) => `${i}\t${-i}\t${i * 1e9}`).join('\n');
  const bulk = (
    from: (tool: string, args: string[], env: NodeJS.ProcessEnv) => { status: number | null; stdout: string; stderr: string },
    env: NodeJS.ProcessEnv,
  ) => {
    const name = uniqueName('wasm');
    const w = from('shm-writer', ['--name', name, '--stdin', '-q'], env);
    const r = from('shm-reader', ['--name', name, '--all', '--tsv', '-q'], env);
    return { w: [w.status, w.stderr], r: [r.status, r.stdout, r.stderr] };
  };
  const spawnFrom = (dir: string) => (tool: string, args: string[], env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [join(dir, 'bin', `${tool}.js`), ...args], {
      encoding: 'utf8',
      input: lines,
      env: { ...process.env, ...env },
    });

  it('are in use in the built tools: SHM_TOOLS_WASM=1 finds them', () => {
    expect(bulk(spawnFrom(ROOT), { SHM_TOOLS_WASM: '1' })).toEqual({ w: [0, ''], r: [0, `${lines}\n`, ''] });
  });

  it('are not needed: without them the tools give the same, and SHM_TOOLS_WASM=1 says they are missing', () => {
    const dir = copyOfPackage((d) => rmSync(join(d, 'dist', 'records.wasm')));
    try {
      expect(bulk(spawnFrom(dir), {})).toEqual({ w: [0, ''], r: [0, `${lines}\n`, ''] });
      const { w } = bulk(spawnFrom(dir), { SHM_TOOLS_WASM: '1' });
      expect(w[0]).toBe(1);
      expect(w[1]).toMatch(/^shm-writer: SHM_TOOLS_WASM=1, but the WebAssembly loops cannot be loaded: ENOENT.*records\.wasm/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
