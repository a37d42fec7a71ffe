import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, cleanUp, holdLock, lockWaiters, ROOT, run, shmPath, snapshot, spawnPeer, type Peer, uniqueName, waitFor } from '../helpers';

afterEach(cleanUp);

const peer = (script: string) => join(ROOT, 'tests', 'peers', script);
/** The bytes of a MyData record: three little-endian int64. */
const recordHex = (...cols: number[]) =>
  Buffer.concat(cols.map((c) => Buffer.from(BigInt.asUintN(64, BigInt(c)).toString(16).padStart(16, '0'), 'hex').reverse())).toString(
    'hex',
  );

/** Waits until `count` processes are blocked on the segment's lock, failing if one of `peers` ends instead. */
function lockWaitersReach(name: string, count: number, peers: Peer[]): Promise<true> {
  return waitFor(`${count} processes waiting for the lock on /${name}`, () => lockWaiters(name) === count, peers);
}

/** Creates an empty segment, for a test to hold its lock before the writers it starts open it. */
function emptySegment(name: string): void {
  writeFileSync(shmPath(name), '', { flag: 'wx', mode: 0o600 });
}

describe('concurrent use', () => {
  it('never shows a reader a torn record while a writer stores (i, i, i)', async () => {
    const name = uniqueName('torn');
    const n = 20000;
    const mid = n / 2;
    expect(run('shm-writer', ['--name', name, '--index', '5', '--col1', '0', '--col2', '0', '--col3', '0', '-q']).status).toBe(0);
    const readers = [0, 1].map(() => spawnPeer(process.execPath, [peer('check-reader.js'), `/${name}`, '5', `${n}`, `${mid}`]));
    // The tool itself, as a user runs it, in a loop until it has seen the writer's last record.
    const loop = `while :; do out=$("${process.execPath}" "${bin('shm-reader')}" --name ${name} --index 5 --json) || exit 1; echo "$out"; case $out in *'"Col1":${n},'*) exit 0;; esac; done`;
    const toolReader = spawnPeer('bash', ['-c', loop]);
    const col1Seen = (value: number) => (line: string) => JSON.parse(line).Col1 === value;
    const writer = spawnPeer(process.execPath, [peer('count-writer.js'), `/${name}`, '5', `${n}`, `${mid}`]);
    // The writer starts once every reader has read; half-way it waits until every reader has seen it
    // there: so each of them read while the writer was writing, however the machine schedules them.
    for (const r of readers) await r.line('ready');
    await toolReader.line(col1Seen(0));
    writer.send('go\n');
    await writer.line('paused');
    for (const r of readers) await r.line('mid');
    await toolReader.line(col1Seen(mid));
    writer.send('go\n');
    expect(await writer.done).toMatchObject({ code: 0, stderr: '' });
    for (const r of readers) {
      const { code, stdout, stderr } = await r.done;
      expect([code, stderr]).toEqual([0, '']);
      const stats = JSON.parse(stdout.trim().split('\n').pop() ?? '');
      expect(stats.torn).toBe(0);
      expect(stats.during).toBeGreaterThanOrEqual(1); // by construction: the read that saw `mid`
    }
    const tool = await toolReader.done;
    expect([tool.code, tool.stderr]).toEqual([0, '']);
    const lines = tool.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const { Col1, Col2, Col3 } of lines) expect([Col2, Col3]).toEqual([Col1, Col1]);
    expect(lines.map((l) => l.Col1)).toEqual(expect.arrayContaining([0, mid, n]));
  }, 120000);

  it('makes a reader wait while a writer holds the lock, and a writer while a reader does', async () => {
    const name = uniqueName('lock');
    expect(run('shm-writer', ['--name', name, '--index', '5', '--col1', '0', '--col2', '0', '--col3', '0', '-q']).status).toBe(0);
    const holder = holdLock(name);
    // A writer half-way through record 5, holding the exclusive lock: a reader must wait for it.
    await holder.command('lock exclusive');
    await holder.command(`write ${5 * 24} ${recordHex(7, 7, 0)}`);
    const reader = spawnPeer(process.execPath, [peer('check-reader.js'), `/${name}`, '5', '7', '7']);
    await lockWaitersReach(name, 1, [reader]);
    await holder.command(`write ${5 * 24} ${recordHex(7, 7, 7)}`);
    await holder.command('unlock');
    const read = await reader.done;
    expect([read.code, read.stderr]).toEqual([0, '']);
    expect(JSON.parse(read.stdout.trim().split('\n').pop() ?? '')).toMatchObject({ reads: 1, torn: 0 });
    // A reader copying records, holding the shared lock: the writer must wait for it.
    await holder.command('lock shared');
    const before = snapshot(name);
    const writer = spawnPeer(process.execPath, [
      bin('shm-writer'),
      '--name',
      name,
      '--index',
      '5',
      '--col1',
      '8',
      '--col2',
      '8',
      '--col3',
      '8',
      '-q',
    ]);
    await lockWaitersReach(name, 1, [writer]);
    expect(snapshot(name)).toEqual(before);
    await holder.command('unlock');
    expect(await writer.done).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(run('shm-reader', ['--name', name, '--index', '5', '--tsv']).stdout).toBe('8\t8\t8\n');
    holder.child.stdin.end();
    expect((await holder.done).code).toBe(0);
  }, 120000);

  it('loses no write when several writers grow the same segment at once', async () => {
    const name = uniqueName('many');
    const writers = 8;
    const rounds = 4;
    emptySegment(name);
    const gate = holdLock(name);
    for (let round = 0; round < rounds; round++) {
      // The test holds the lock while it starts the writers, and lets go once all of them wait for
      // it: they then grow the segment at once, and none may write before the lock is free.
      await gate.command('lock exclusive');
      const before = snapshot(name);
      const procs = Array.from({ length: writers }, (_, w) => {
        const index = (round * writers + w) * 97 + w; // each write lands past the others: every one grows the segment
        return spawnPeer(process.execPath, [bin('shm-writer'), '--name', name, '--index', `${index}`, '--col1', `${index}`, '-q']);
      });
      await lockWaitersReach(name, writers, procs);
      expect(snapshot(name)).toEqual(before);
      await gate.command('unlock');
      for (const p of procs) expect(await p.done).toMatchObject({ code: 0, stderr: '' });
    }
    const col1 = run('shm-reader', ['--name', name, '--all', '--field', 'Col1']).stdout.trim().split('\n');
    const written = Array.from({ length: rounds * writers }, (_, k) => k * 97 + (k % writers));
    for (const index of written) expect(col1[index]).toBe(`${index}`);
    expect(col1).toHaveLength(Math.max(...written) + 1);
  }, 120000);

  it("never shrinks away another writer's record when writers resize with --size at once", async () => {
    const name = uniqueName('resize');
    const k = 4;
    emptySegment(name);
    // All k writers wait at the test's lock for their first write, then start together.
    const gate = holdLock(name);
    await gate.command('lock exclusive');
    const procs = Array.from({ length: k }, (_, w) =>
      spawnPeer(process.execPath, [peer('grow-writer.js'), `/${name}`, `${w}`, `${k}`, '1500']),
    );
    await lockWaitersReach(name, k, procs);
    expect(snapshot(name)?.size).toBe(0);
    await gate.command('unlock');
    const perWriter: number[][] = [];
    for (const p of procs) {
      const o = await p.done;
      expect(o).toMatchObject({ code: 0, stderr: '' });
      perWriter.push(JSON.parse(o.stdout));
    }
    const written = perWriter.flat();
    expect(written.length).toBeGreaterThanOrEqual(1); // the first write after the gate always fits
    const col1 = run('shm-reader', ['--name', name, '--all', '--field', 'Col1']).stdout.trim().split('\n');
    const lost = written.filter((index) => col1[index] !== `${index}`);
    expect(lost).toEqual([]);
  }, 120000);
});
