import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bin, cleanUp, ROOT, run, shmPath, spawnPeer, testSeed, uniqueName } from '../helpers';

// A program that does not take the lock shrinks the segment over and over while the tools read,
// write and watch it. No tool may die of SIGBUS (exit 135, or killed by the signal): each ends with
// 0, or with 1 and a message that the segment shrank. Rounds are seeded (SHM_TEST_SEED).
afterEach(cleanUp);

const FULL = 24 * 50_000;

function withTruncator(name: string): ReturnType<typeof spawnPeer> {
  return spawnPeer('python3', [
    join(ROOT, 'tests', 'peers', 'truncate-loop.py'),
    shmPath(name),
    String(FULL),
    String(testSeed()),
    '1000000000',
  ]);
}

/** How a run ended: its exit code, or the signal that killed it; and the last line of stderr. */
function outcome(r: ReturnType<typeof spawnSync>): string {
  if (r.signal !== null) return `signal ${r.signal}`;
  if (r.status === 135) return 'SIGBUS (135)';
  return `${r.status}`;
}

const shell = (script: string) => spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });

describe('a foreign truncate loop', () => {
  it.each([
    [
      'shm-reader --all --tsv',
      (name: string) => `"${process.execPath}" "${bin('shm-reader')}" --name ${name} --all --tsv > /dev/null`,
      /shrank to \d+ bytes while being read|is \d+ bytes, shorter than one|past the end/,
    ],
    [
      'shm-writer --stdin',
      (name: string) =>
        `seq 1 50000 | awk '{ print $1 "\\t" (-$1) "\\t" 7 }' | "${process.execPath}" "${bin('shm-writer')}" --name ${name} --stdin -q`,
      /^$/,
    ],
    [
      'shm-reader --all --watch',
      (name: string) =>
        `set -o pipefail; "${process.execPath}" "${bin('shm-reader')}" --name ${name} --all --watch --tsv --interval 1 | head -c 5000000 > /dev/null`,
      /shrank to \d+ bytes while being watched|is \d+ bytes, shorter than one|past the end/,
    ],
  ])('never kills %s with SIGBUS', async (_, command, shrank) => {
    const name = uniqueName('trunc');
    expect(run('shm-writer', ['--name', name, '--size', String(FULL), '-q']).status).toBe(0);
    const truncator = withTruncator(name);
    await truncator.line('ready');
    const outcomes: string[] = [];
    try {
      for (let round = 0; round < 8; round++) {
        const r = shell(command(name));
        outcomes.push(outcome(r));
        // Ended by its reader (head): SIGPIPE's 141 from bash means the tool was still writing, which is fine.
        expect(['0', '1', '141']).toContain(outcome(r));
        if (r.status === 1) expect(r.stderr.trim().split('\n').pop()).toMatch(shrank);
      }
    } finally {
      truncator.child.stdin.end();
      await truncator.done;
    }
    expect(outcomes.some((o) => o.includes('SIGBUS') || o.startsWith('signal'))).toBe(false);
  });
});
