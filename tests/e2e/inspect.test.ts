import { spawn, spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { userInfo } from 'node:os';
import { bin, cleanUp, DEADLINE_MS, run, uniqueName, waitFor } from '../helpers';

afterEach(cleanUp);

const asRoot = process.getuid?.() === 0 ? it : it.skip;

describe('shm-reader --info', () => {
  it('tells a 4 GiB segment with one record occupies a page, with its mode, owner, time and records', () => {
    const name = uniqueName('info');
    run('shm-writer', ['--name', name, '--size', '4G', '-q']);
    chmodSync(`/dev/shm/${name}`, 0o640);
    const info = JSON.parse(run('shm-reader', ['--name', name, '--info', '--json']).stdout);
    expect(info).toMatchObject({
      name: `/${name}`,
      size: 4294967296,
      mode: '640',
      uid: process.getuid?.(),
      owner: userInfo().username,
      records: 178956970,
      recordSize: 24,
    });
    expect(info.used).toBeGreaterThan(0);
    expect(info.used).toBeLessThanOrEqual(8192);
    expect(Math.abs(Date.parse(info.modified) - Date.now())).toBeLessThan(60000);
    const human = run('shm-reader', ['--name', name, '--info', '--layout', 'a:int32,b:char[12]']).stdout;
    expect(human).toContain('  size      4 GiB (4294967296 bytes)\n');
    expect(human).toMatch(/ {2}used {6}4 KiB of \/dev\/shm\n/);
    expect(human).toContain('  mode      640 rw-r-----\n');
    expect(human).toContain('  records   268435456 whole 16-byte records\n');
  });

  it('says a missing segment is missing, exit 3', () => {
    const r = run('shm-reader', ['--name', uniqueName('none'), '--info']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('no such file or directory (ENOENT)');
  });
});

describe('shm-reader --list', () => {
  it('lists every segment, sorted, in a table and as JSON', () => {
    const [a, b] = [uniqueName('list-b'), uniqueName('list-a')];
    run('shm-writer', ['--name', a, '--size', '1M', '-q']);
    run('shm-writer', ['--name', b, '-q']);
    const all = (JSON.parse(run('shm-reader', ['--list', '--json']).stdout) as { segments: Array<{ name: string; size: number }> })
      .segments;
    const ours = all.filter((s) => s.name === `/${a}` || s.name === `/${b}`);
    expect(ours.map((s) => [s.name, s.size])).toEqual([
      [`/${b}`, 24],
      [`/${a}`, 1048576],
    ]);
    expect(all.map((s) => s.name)).toEqual([...all.map((s) => s.name)].sort());
    const text = run('shm-reader', ['--list']).stdout.split('\n');
    expect(text[0]).toMatch(/^NAME +SIZE +USED +MODE +PERMS +OWNER +GROUP +MODIFIED +RECORDS$/);
    expect(text.find((l) => l.startsWith(`/${a} `))).toMatch(/1 MiB +4 KiB +600 +rw------- /);
  });

  asRoot('lists the segments another user cannot read, with what can be known of them', () => {
    const name = uniqueName('list-root');
    run('shm-writer', ['--name', name, '--size', '64K', '-q']);
    const r = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin('shm-reader'), '--list', '--json'],
      { encoding: 'utf8' },
    );
    const entry = (JSON.parse(r.stdout) as { segments: Array<{ name: string }> }).segments.find((s) => s.name === `/${name}`);
    expect(entry).toMatchObject({ size: 65536, mode: '600', perms: 'rw-------', uid: 0, owner: 'root' });
  });
});

describe('shm-reader --watch', () => {
  /** Starts a watcher; `lines()` is what it printed so far, `done` its exit code and stderr. */
  function watcher(args: string[]) {
    const child = spawn(process.execPath, [bin('shm-reader'), ...args], { env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
      child.on('close', (code) => resolve({ code, stderr: err })),
    );
    const lines = () => out.split('\n').filter((l) => l !== '');
    const until = (n: number) => waitFor(`${n} lines from the watcher`, () => lines().length >= n);
    return { child, lines, until, done };
  }

  it('prints every change in order when writes are slower than the interval, then exit 3 when the segment goes', async () => {
    const name = uniqueName('watch');
    run('shm-writer', ['--name', name, '--index', '1', '--col1', '0', '-q']);
    const w = watcher(['--name', name, '--watch', '--count', '2', '--interval', '10', '--json']);
    await w.until(2);
    for (let i = 1; i <= 12; i++) {
      run('shm-writer', ['--name', name, '--index', `${i % 2}`, '--col1', `${i}`, '-q']); // each run takes longer than 10 ms
      await w.until(2 + i);
    }
    run('shm-writer', ['--name', name, '--unlink', '-q']);
    const { code, stderr } = await w.done;
    expect(code).toBe(3);
    expect(stderr).toBe(`shm-reader: /${name} was removed while being watched\n`);
    const seen = w.lines().map((l) => JSON.parse(l));
    expect(seen.map((s) => [s.index, s.record.Col1])).toEqual([
      [0, 0],
      [1, 0],
      ...Array.from({ length: 12 }, (_, k) => [(k + 1) % 2, k + 1]),
    ]);
    for (const s of seen) expect(Date.parse(s.time)).not.toBeNaN();
    const times = seen.map((s) => Date.parse(s.time));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  }, 60000);

  it('shows the time in the human form, ends cleanly on Ctrl-C, and exits 0 when its pipe closes', async () => {
    const name = uniqueName('watch');
    run('shm-writer', ['--name', name, '-q']);
    const w = watcher(['--name', name, '--watch', '--interval', '50']);
    await w.until(1);
    expect(w.lines()[0]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  /${name}\\[0\\]  Col1=100  Col2=876  Col3=8021$`));
    w.child.kill('SIGINT');
    expect(await w.done).toEqual({ code: 0, stderr: '' });
    const piped = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${bin('shm-reader')}" --name ${name} --watch --interval 10 | head -n 1`],
      { encoding: 'utf8', timeout: DEADLINE_MS },
    );
    expect([piped.status, piped.stderr, piped.stdout.split('\n').length]).toEqual([0, '', 2]);
  }, 90000);
});
