import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { bin, cleanUp, run, uniqueName, waitFor } from '../helpers';

// --watch on segments far larger than what it may remember: memory stays flat, holes are not
// read, the first look streams, changes are still found exactly, and Ctrl-C ends it.
afterEach(cleanUp);

/** A watching reader whose output lines are counted, not kept, but for those after `keepAfter`. */
function watcher(args: string[], keepAfter: number) {
  const child: ChildProcess = spawn(process.execPath, [bin('shm-reader'), ...args], { env: { ...process.env, FORCE_COLOR: '0' } });
  const state = { lines: 0, first: '', kept: [] as string[], partial: '', stderr: '', exit: undefined as number | null | undefined };
  child.stdout?.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      state.lines++;
      if (state.lines === 1 || state.lines > keepAfter) {
        const line = state.partial + chunk.toString('utf8', start, nl);
        if (state.lines === 1) state.first = line;
        else state.kept.push(line);
      }
      state.partial = '';
      start = nl + 1;
    }
    if (state.lines === 0 || state.lines >= keepAfter) state.partial += chunk.toString('utf8', start);
  });
  child.stderr?.on('data', (d) => (state.stderr += d));
  child.on('close', (code) => (state.exit = code));
  /** Peak memory (VmHWM) in MiB. */
  const peakMiB = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
  return { child, state, peakMiB };
}

describe('--watch at scale', () => {
  it('--all on a 24 GiB sparse segment: streams at once, stays under 200 MiB, and ends on Ctrl-C', async () => {
    const name = uniqueName('huge');
    expect(run('shm-writer', ['--name', name, '--size', '24G', '-q']).status).toBe(0);
    const w = watcher(['--name', name, '--all', '--watch', '--tsv'], Infinity);
    await waitFor('300,000 lines', () => w.state.lines >= 300_000 || w.state.exit !== undefined);
    expect(w.state.first).toMatch(/^\S+\t0\t100\t876\t8021$/);
    expect(w.peakMiB()).toBeLessThan(200);
    w.child.kill('SIGINT');
    await waitFor('the reader to end', () => w.state.exit !== undefined);
    expect([w.state.exit, w.state.stderr]).toEqual([0, '']);
  }, 60000);

  it('past what it copies, finds each change exactly: data into a hole, data back to zeros', async () => {
    const name = uniqueName('big');
    expect(run('shm-writer', ['--name', name, '--size', '100M', '-q']).status).toBe(0);
    // 2,900,000 records of 24 bytes: 69.6 MB, more than the 64 MiB a watch keeps as a copy.
    const count = 2_900_000;
    const w = watcher(['--name', name, '--index', '1000000', '--count', `${count}`, '--watch', '--tsv', '--interval', '20'], count);
    await waitFor('the first look', () => w.state.lines >= count || w.state.exit !== undefined);
    const write = (index: number, value: string) =>
      expect(run('shm-writer', ['--name', name, '--index', `${index}`, '--set', `Col2=${value}`, '-q']).status).toBe(0);
    write(2_000_000, '5');
    write(3_899_999, '6');
    await waitFor('two changes', () => w.state.kept.length >= 2 || w.state.exit !== undefined);
    write(2_000_000, '0');
    await waitFor('a third', () => w.state.kept.length >= 3 || w.state.exit !== undefined);
    w.child.kill('SIGTERM');
    await waitFor('the reader to end', () => w.state.exit !== undefined);
    expect(w.state.kept.map((l) => l.split('\t').slice(1).join(' '))).toEqual(['2000000 0 5 0', '3899999 0 6 0', '2000000 0 0 0']);
    expect([w.state.exit, w.state.stderr]).toEqual([0, '']);
  }, 120000);
});
