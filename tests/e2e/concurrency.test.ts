import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cleanUp, ROOT, run, uniqueName } from '../helpers';

afterEach(cleanUp);

const peer = (script: string) => join(ROOT, 'tests', 'peers', script);
const bin = (tool: string) => join(ROOT, 'bin', `${tool}.js`);

/** Runs a command to its end, resolving with its exit code and output. */
function collect(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('concurrent use', () => {
  it('never shows a reader a torn record while a writer stores (i, i, i)', async () => {
    const name = uniqueName('torn');
    const n = 20000;
    expect(run('shm-writer', ['--name', name, '--index', '5', '--col1', '0', '--col2', '0', '--col3', '0', '-q']).status).toBe(0);
    const readers = [0, 1].map(() => collect(process.execPath, [peer('check-reader.js'), `/${name}`, '5', `${n}`]));
    // The tool itself, as a user runs it, in a loop until the writer is done.
    const loop = `while :; do "${process.execPath}" "${bin('shm-reader')}" --name ${name} --index 5 --json || exit 1; [ -e "/dev/shm/${name}" ] || exit 0; done`;
    const toolReader = collect('bash', ['-c', loop]);
    const writer = await collect(process.execPath, [peer('count-writer.js'), `/${name}`, '5', `${n}`]);
    expect(writer).toMatchObject({ code: 0, stderr: '' });
    for (const r of await Promise.all(readers)) {
      expect(r.code).toBe(0);
      const stats = JSON.parse(r.stdout);
      expect(stats.torn).toBe(0);
      expect(stats.reads).toBeGreaterThan(500);
      expect(stats.distinct).toBeGreaterThan(50); // it really read while the writer wrote
    }
    run('shm-writer', ['--name', name, '--unlink']);
    const tool = await toolReader;
    const lines = tool.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(2);
    for (const { Col1, Col2, Col3 } of lines) expect([Col2, Col3]).toEqual([Col1, Col1]);
  }, 120000);

  it('loses no write when several writers grow the same segment at once', async () => {
    const name = uniqueName('many');
    const writers = 8;
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      const results = await Promise.all(
        Array.from({ length: writers }, (_, w) => {
          const index = (round * writers + w) * 97 + w; // each write lands past the others: every one grows the segment
          return collect(process.execPath, [bin('shm-writer'), '--name', name, '--index', `${index}`, '--col1', `${index}`, '-q']);
        }),
      );
      for (const r of results) expect(r).toMatchObject({ code: 0, stderr: '' });
    }
    const col1 = run('shm-reader', ['--name', name, '--all', '--field', 'Col1']).stdout.trim().split('\n');
    const written = Array.from({ length: rounds * writers }, (_, k) => k * 97 + (k % writers));
    for (const index of written) expect(col1[index]).toBe(`${index}`);
    expect(col1).toHaveLength(Math.max(...written) + 1);
  }, 120000);

  it('never shrinks away another writer\'s record when writers resize with --size at once', async () => {
    const name = uniqueName('resize');
    const k = 4;
    const start = Date.now() + 1000; // all started by then, even on a busy machine
    const outs = await Promise.all(Array.from({ length: k }, (_, w) => collect(process.execPath, [peer('grow-writer.js'), `/${name}`, `${w}`, `${k}`, '1500', `${start}`])));
    const perWriter: number[][] = outs.map((o) => {
      expect(o).toMatchObject({ code: 0, stderr: '' });
      return JSON.parse(o.stdout);
    });
    // The writers overlapped: writes of several of them landed (the rest were refused, not lost).
    expect(perWriter.filter((w) => w.length > 1).length).toBeGreaterThanOrEqual(2);
    const written = perWriter.flat();
    const col1 = run('shm-reader', ['--name', name, '--all', '--field', 'Col1']).stdout.trim().split('\n');
    const lost = written.filter((index) => col1[index] !== `${index}`);
    expect(lost).toEqual([]);
  }, 120000);
});
