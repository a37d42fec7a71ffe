import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, cleanUp, ROOT, run, shmPath, snapshot, spawnPeer, uniqueName, waitFor } from '../helpers';

afterEach(cleanUp);

const sh = (script: string) =>
  spawnSync('bash', ['-c', `set -o pipefail; ${script}`], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
const W = `"${process.execPath}" "${bin('shm-writer')}"`;
const R = `"${process.execPath}" "${bin('shm-reader')}"`;
const EXTREMES = [
  '-9223372036854775808',
  '9223372036854775807',
  '-9007199254740993',
  '9007199254740993',
  '-2147483649',
  '0',
  '-1',
  '4294967296',
];

describe('shm-writer --stdin', () => {
  it('writes tab-separated and JSON lines to consecutive slots, skipping blank lines and CRs', () => {
    const name = uniqueName('stdin');
    const input = `1\t2\t3\n{"Col1":4,"Col2":5,"Col3":6}\n\n  \n7\t8\t9\r\n{"Col3":"12","Col1":10,"Col2":11}`;
    const w = run('shm-writer', ['--name', name, '--stdin', '--index', '2', '--json'], { input });
    expect(w.status).toBe(0);
    expect(JSON.parse(w.stdout)).toEqual({ name: `/${name}`, index: 2, written: 4, size: 144, created: true });
    expect(run('shm-reader', ['--name', name, '--all', '--tsv']).stdout).toBe('0\t0\t0\n0\t0\t0\n1\t2\t3\n4\t5\t6\n7\t8\t9\n10\t11\t12\n');
  });

  it('says what it wrote in the human form', () => {
    const name = uniqueName('stdin');
    const w = run('shm-writer', ['--name', name, '--stdin'], { input: '1\t2\t3\n4\t5\t6\n' });
    expect(w.stdout).toBe(`/${name}: wrote 2 records at 0 to 1  (new segment, 48 B)\n`);
  });

  it.each(['--tsv', '--json'])('copies a segment exactly through a pipe, with %s', (format) => {
    const a = uniqueName('copy');
    const b = uniqueName('copy');
    const lines = Array.from({ length: 50000 }, (_, i) => `${EXTREMES[i % 8]}\t${i}\t${EXTREMES[(i * 3) % 8]}`);
    expect(run('shm-writer', ['--name', a, '--stdin', '-q'], { input: lines.join('\n') }).status).toBe(0);
    const r = sh(`${R} --name ${a} --all ${format} | ${W} --name ${b} --stdin -q`);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(readFileSync(shmPath(b)).equals(readFileSync(shmPath(a)))).toBe(true);
    expect(run('shm-reader', ['--name', b, '--all', '--tsv']).stdout).toBe(`${lines.join('\n')}\n`);
  });

  it('grows an existing segment as needed, never shrinks it, and keeps the records it does not write', () => {
    const name = uniqueName('grow');
    run('shm-writer', ['--name', name, '--size', '1K', '--index', '30', '--col1', '42']);
    expect(run('shm-writer', ['--name', name, '--stdin', '--index', '160', '-q'], { input: '1\t1\t1\n2\t2\t2\n3\t3\t3\n' }).status).toBe(0);
    expect(statSync(shmPath(name)).size).toBe(163 * 24);
    expect(run('shm-writer', ['--name', name, '--stdin', '-q'], { input: '5\t5\t5\n' }).status).toBe(0);
    expect(statSync(shmPath(name)).size).toBe(163 * 24);
    const col1 = run('shm-reader', ['--name', name, '--all', '--field', 'Col1']).stdout.split('\n');
    expect([col1[0], col1[1], col1[30], col1[160], col1[162]]).toEqual(['5', '0', '42', '1', '3']);
  });

  it('stops at a bad line: the lines before it written, nothing after it touched, exit 2', () => {
    const name = uniqueName('bad');
    run('shm-writer', ['--name', name, '--stdin', '-q'], { input: Array.from({ length: 10 }, () => '7\t7\t7').join('\n') });
    const r = run('shm-writer', ['--name', name, '--stdin'], { input: '1\t1\t1\n2\t2\t2\n\n3\tx\t3\n4\t4\t4\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `shm-writer: line 4: Col2 must be an integer from -9223372036854775808 to 9223372036854775807 (int64), not "x"; records 0 to 1 (2) were written before it\n`,
    );
    expect(run('shm-reader', ['--name', name, '--all', '--field', 'Col1']).stdout).toBe('1\n2\n7\n7\n7\n7\n7\n7\n7\n7\n');
  });

  it('creates nothing when the first line is bad', () => {
    const name = uniqueName('bad');
    const r = run('shm-writer', ['--name', name, '--stdin'], { input: '1 2 3\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('line 1: expected 3 tab-separated values');
    expect(r.stderr).toContain('nothing was written');
    expect(snapshot(name)).toBeNull();
  });

  it('refuses --stdin with record values', () => {
    const r = run('shm-writer', ['--name', uniqueName('bad'), '--stdin', '--col1', '5'], { input: '' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("option '--stdin' cannot be used with option '--col1 <int>'");
  });

  it('writes the records of a slow producer as they come, and stops cleanly on Ctrl-C with exit 130', async () => {
    const name = uniqueName('slow');
    const child = spawn(process.execPath, [bin('shm-writer'), '--name', name, '--stdin'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // 'close', not 'exit': stderr may still be arriving when the process has exited.
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.stdin.write('1\t1\t1\n2\t2\t2\n3\t3');
    // Written while the writer still waits for more.
    await waitFor('records 0 and 1 written', () => run('shm-reader', ['--name', name, '--all', '--field', 'Col1']).stdout === '1\n2\n');
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toBe(`shm-writer: interrupted after line 2: records 0 to 1 (2) were written\n`);
    expect(run('shm-reader', ['--name', name, '--all', '--tsv']).stdout).toBe('1\t1\t1\n2\t2\t2\n');
  });
});

describe('shm-reader streams large dumps', () => {
  it.each([
    ['--tsv', (i: number) => `${i}\t${-i}\t${i * 2 ** 32}`],
    ['--json', (i: number) => `{"Col1":${i},"Col2":${-i},"Col3":${i * 2 ** 32}}`],
    ['--field Col3', (i: number) => `${i * 2 ** 32}`],
  ])('prints 200,000 records with %s, batch after batch', (flags, line) => {
    const name = uniqueName('dump');
    const input = Array.from({ length: 200000 }, (_, i) => `${i}\t${-i}\t${i * 2 ** 32}`).join('\n');
    expect(run('shm-writer', ['--name', name, '--stdin', '-q'], { input }).status).toBe(0);
    const r = run('shm-reader', ['--name', name, '--all', ...flags.split(' ')]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(200001);
    for (const i of [0, 1, 43689, 43690, 43691, 199999]) expect(lines[i]).toBe(line(i));
  });

  it.each(['', '--tsv', '--json'])('exits 0 quietly when the pipe closes, with %j', (flag) => {
    const name = uniqueName('head');
    run('shm-writer', ['--name', name, '--size', '24M', '-q']);
    const r = sh(`${R} --name ${name} --all ${flag} | head -n 1`);
    expect([r.status, r.stderr, r.stdout.split('\n').length]).toEqual([0, '', 2]);
  });

  it('shows a progress bar on a terminal only, and never with --quiet', async () => {
    const BAR = /\r\u001b\[Kwriting \d+ records, \d+ records\/s/;
    const onTty = join(ROOT, 'tests', 'peers', 'on-tty.py');
    const [shown, quiet, piped] = [uniqueName('bar'), uniqueName('bar'), uniqueName('bar')];
    const records = (name: string) => (existsSync(shmPath(name)) ? statSync(shmPath(name)).size / 24 : 0);
    const line = (i: number) => `${i}\t${i}\t${i}\n`;
    // The bar shows at a write made once the job has run for a while. The runs that must not show
    // it start first, and write their first record before the one that shows it starts...
    const q = spawnPeer('python3', [onTty, process.execPath, bin('shm-writer'), '--name', quiet, '--stdin', '--quiet']);
    const p = spawnPeer(process.execPath, [bin('shm-writer'), '--name', piped, '--stdin']);
    for (const w of [q, p]) w.send(line(0));
    await waitFor('the first record of the --quiet and piped runs', () => records(quiet) === 1 && records(piped) === 1, [q, p]);
    // ... which is fed one record at a time, each once the last is written (the writer writes
    // what it has when input pauses), until its bar shows.
    const t = spawnPeer('python3', [onTty, process.execPath, bin('shm-writer'), '--name', shown, '--stdin']);
    let sent = 0;
    await waitFor(
      'a progress bar',
      () => {
        if (BAR.test(t.stdout())) return true;
        if (records(shown) === sent) t.send(line(sent++));
        return false;
      },
      [t],
    );
    // The others have now run longer than it: one more write each, at which a bar would show.
    for (const w of [q, p]) w.send(line(1));
    await waitFor('the second record of the --quiet and piped runs', () => records(quiet) === 2 && records(piped) === 2, [q, p]);
    for (const w of [t, q, p]) w.child.stdin.end();
    expect((await t.done).code).toBe(0);
    expect(await q.done).toMatchObject({ code: 0, stdout: '' });
    const pipedRun = await p.done;
    expect([pipedRun.code, pipedRun.stderr]).toEqual([0, '']);
    expect(pipedRun.stdout).toContain('wrote 2 records');
  }, 60000);
});

describe('shm-writer --stdin from a file', () => {
  it('reads it a megabyte at a time into one buffer, lines across the boundaries included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shm-file-'));
    try {
      const file = join(dir, 'records.tsv');
      // 100,000 lines of varied length: about 3.3 MB, so that many lines straddle a 1 MiB boundary.
      const text = Array.from({ length: 100_000 }, (_, i) => `${i * 7919}\t${-i}\t${(i % 13) * 10 ** (i % 17)}`).join('\n');
      writeFileSync(file, `${text}\n`);
      const name = uniqueName('file');
      const fd = openSync(file, 'r');
      const w = spawnSync(process.execPath, [bin('shm-writer'), name, '--stdin', '-q'], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
      closeSync(fd);
      expect([w.status, w.stderr]).toEqual([0, '']);
      expect(run('shm-reader', [name, '--all', '--tsv', '-q']).stdout).toBe(`${text}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
