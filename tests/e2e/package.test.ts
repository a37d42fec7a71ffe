import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanUp, ROOT, snapshot, uniqueName } from '../helpers';

afterEach(cleanUp);

describe('the library example', () => {
  it('runs as the README shows, and cleans up after itself', () => {
    const name = uniqueName('example');
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'example.ts'), name], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(
      [
        'ACME #1 at 101.25',
        '1 ACME 1 -2 3',
        '2 INIT 0 0 0',
        `128 records of 32 bytes in /${name}`,
        `ERANGE_RECORD: record 1000 is past the end: /${name} holds 128 whole records`,
        '',
      ].join('\n'),
    );
    expect(snapshot(name)).toBeNull();
  });
});

describe('the package', () => {
  let dir: string;
  let tarball: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shm-pack-'));
    // --ignore-scripts: dist/ is built already, and rebuilding it would pull it from under the other tests.
    execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')) ?? 'no tarball');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ships what the bins, the library and man need, and nothing else: no tests, no sources', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }),
    ) as Array<{
      files: Array<{ path: string }>;
    }>;
    const files = packed[0].files.map((f) => f.path);
    const needed = [
      'LICENSE',
      'README.md',
      'package.json',
      'bin/load.js',
      'dist/records.wasm',
      'dist/bin/watch-live.js',
      'dist/index.js',
      'dist/index.d.ts',
    ];
    for (const tool of ['shm-writer', 'shm-reader']) needed.push(`bin/${tool}.js`, `dist/bin/${tool}.js`, `dist/man/${tool}.1`);
    expect(files).toEqual(expect.arrayContaining(needed));
    const allowed =
      /^(LICENSE|README\.md|package\.json|bin\/[\w-]+\.js|dist\/bin\/[\w-]+\.js(\.cache)?|dist\/records\.wasm|dist\/man\/[\w-]+\.1|dist\/index\.(js|d\.ts)|dist\/(model|shm|store)\/[\w-]+\.(js|d\.ts))$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
  });

  it('installs globally (npm install -g) with working bins and man pages', () => {
    const prefix = join(dir, 'global');
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', '--silent', tarball], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const name = uniqueName('global');
    const w = spawnSync(join(prefix, 'bin', 'shm-writer'), [name, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    expect([w.status, w.stderr]).toEqual([0, '']);
    const man = spawnSync('man', ['-M', join(prefix, 'share', 'man'), 'shm-reader'], {
      encoding: 'utf8',
      env: { ...process.env, MANPAGER: 'cat', PAGER: 'cat', LANG: 'C.UTF-8' },
    });
    expect(man.status).toBe(0);
    expect(man.stdout.replace(/.\x08/g, '').replace(/\s+/g, ' ')).toContain(
      'shm-reader - Print records from a POSIX shared-memory segment, read-only',
    );
  }, 180000);

  it('packs, installs into an empty prefix, and works from any directory: both bins, require and import', () => {
    const prefix = join(dir, 'prefix');
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', '--silent', tarball], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const elsewhere = mkdtempSync(join(dir, 'cwd-'));
    const env = { ...process.env, FORCE_COLOR: '0' };
    const name = uniqueName('packed');
    const bin = (tool: string) => join(prefix, 'node_modules', '.bin', tool);
    const w = spawnSync(bin('shm-writer'), ['--name', name, '--col2', '-5', '--col3', '8021', '--json'], {
      encoding: 'utf8',
      cwd: elsewhere,
      env,
    });
    expect([w.status, w.stderr]).toEqual([0, '']);
    const r = spawnSync(bin('shm-reader'), ['--name', name, '--tsv'], { encoding: 'utf8', cwd: elsewhere, env });
    expect(r.stdout).toBe('0\t-5\t8021\n');
    // Installed, the bins still take the quick way to koffi (src/cli/fast-koffi.ts).
    const debug = spawnSync(bin('shm-reader'), ['--name', name], {
      encoding: 'utf8',
      cwd: elsewhere,
      env: { ...env, NODE_DEBUG: 'module' },
    });
    expect(debug.stderr).toContain(
      `load "${join(prefix, 'node_modules', '@koromix', `koffi-linux-${process.arch}`, `linux_${process.arch}`, 'koffi.node')}"`,
    );
    expect(debug.stderr).not.toContain('koffi/index.cjs');
    const lib = join(prefix, 'node_modules', 'shm-tools');
    // A script anywhere in a project that installed the package imports it by name.
    const inProject = join(prefix, 'src', 'deeper');
    execFileSync('mkdir', ['-p', inProject]);
    const cjs = `const { SharedRecords, MY_DATA } = require('shm-tools'); const s = SharedRecords.open(${JSON.stringify(name)}, MY_DATA, { readOnly: true }); console.log(String(s.read(0).Col2)); s.close();`;
    expect(spawnSync(process.execPath, ['-e', cjs], { encoding: 'utf8', cwd: inProject }).stdout).toBe('-5\n');
    const esm = `import { layout, SharedRecords } from 'shm-tools'; const s = SharedRecords.open(${JSON.stringify(name)}, layout({ Col1: 'int64', Col2: 'int64', Col3: 'int64' }), { readOnly: true }); console.log(String(s.read(0).Col3)); s.close();`;
    expect(spawnSync(process.execPath, ['--input-type=module', '-e', esm], { encoding: 'utf8', cwd: inProject }).stdout).toBe('8021\n');
    const types = readdirSync(join(lib, 'dist')).filter((f) => f.endsWith('.d.ts'));
    expect(types).toContain('index.d.ts');
  }, 180000);
});
