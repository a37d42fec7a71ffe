import { cleanUp, ROOT, run, uniqueName } from '../helpers';

afterEach(cleanUp);

/** The files and built-in modules a run of a bin loads, as Node's module debug log names them. */
function loaded(tool: 'shm-writer' | 'shm-reader', args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; modules: string[] } {
  const res = run(tool, args, { env: { NODE_DEBUG: 'module', ...env } });
  const log = res.stderr.replace(/\x1b\[[0-9;]*m/g, '');
  const modules = [...log.matchAll(/^MODULE \d+: load (?:built-in module (\S+)|"([^"]+)")/gm)].map((m) => m[1] ?? m[2].replace(ROOT, '.'));
  return { status: res.status, modules: [...new Set(modules)] };
}

// Start-up is most of a one-record run: these runs load only what they use (README, Performance).
describe('what a run loads', () => {
  it('a plain read loads our bundle and koffi’s native build, and nothing else of note', () => {
    const name = uniqueName('startup');
    expect(run('shm-writer', ['--name', name, '-q']).status).toBe(0);
    const { status, modules } = loaded('shm-reader', ['--name', name, '--json']);
    expect(status).toBe(0);
    expect(modules).toEqual(['./bin/shm-reader.js', './bin/load.js', 'node:fs', 'node:module', 'node:path', 'node:vm', 'node:util', `./node_modules/@koromix/koffi-linux-${process.arch}/linux_${process.arch}/koffi.node`]);
  });

  it('a plain write loads the same and no more', () => {
    const { status, modules } = loaded('shm-writer', ['--name', uniqueName('startup'), '-q']);
    expect(status).toBe(0);
    expect(modules.filter((m) => !m.startsWith('node:'))).toEqual(['./bin/shm-writer.js', './bin/load.js', `./node_modules/@koromix/koffi-linux-${process.arch}/linux_${process.arch}/koffi.node`]);
  });

  it('colour loads chalk', () => {
    const name = uniqueName('startup');
    expect(run('shm-writer', ['--name', name, '-q']).status).toBe(0);
    const { status, modules } = loaded('shm-reader', ['--name', name], { FORCE_COLOR: '1' });
    expect(status).toBe(0);
    expect(modules).toContain('./node_modules/chalk/source/index.js');
  });

  it.each<[string, string[], number, boolean]>([
    ['--help', ['--help'], 0, true],
    ['a usage error commander reports', ['--name'], 2, true],
    ['an invalid name', ['--name', 'a/b'], 2, false],
  ])('%s never loads the FFI', (_, args, exit, commander) => {
    const { status, modules } = loaded('shm-reader', args);
    expect(status).toBe(exit);
    expect(modules.filter((m) => m.includes('koffi'))).toEqual([]);
    expect(modules.some((m) => m.includes('/node_modules/commander/'))).toBe(commander);
  });
});
