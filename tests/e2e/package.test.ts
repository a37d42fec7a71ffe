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
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'shm-pack-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('packs, installs into an empty prefix, and works from any directory: both bins, require and import', () => {
    // --ignore-scripts: dist/ is built already, and rebuilding it would pull it from under the other tests.
    execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const prefix = join(dir, 'prefix');
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', '--silent', join(dir, tarball as string)],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const elsewhere = mkdtempSync(join(dir, 'cwd-'));
    const env = { ...process.env, FORCE_COLOR: '0' };
    const name = uniqueName('packed');
    const bin = (tool: string) => join(prefix, 'node_modules', '.bin', tool);
    const w = spawnSync(bin('shm-writer'), ['--name', name, '--col2', '-5', '--json'], { encoding: 'utf8', cwd: elsewhere, env });
    expect([w.status, w.stderr]).toEqual([0, '']);
    const r = spawnSync(bin('shm-reader'), ['--name', name, '--tsv'], { encoding: 'utf8', cwd: elsewhere, env });
    expect(r.stdout).toBe('100\t-5\t8021\n');
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
