/** How `npm run bench` runs and times commands: whole processes, interleaved, medians, peak memory. */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { seededRandom } from '../tests/helpers';

/** A command as the bench runs it: its input and output files, and what to do before each run. */
export interface Command {
  readonly label: string;
  readonly argv: readonly string[];
  readonly stdin?: string;
  readonly stdout?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly before?: () => void;
}

/** Runs a command once and returns its wall time in ms; it must succeed. */
export function time(cmd: Command, env: NodeJS.ProcessEnv): number {
  cmd.before?.();
  const fds = [cmd.stdin ? openSync(cmd.stdin, 'r') : 'ignore', cmd.stdout ? openSync(cmd.stdout, 'w') : 'ignore', 'inherit'] as const;
  const options: SpawnSyncOptions = { env: { ...env, ...cmd.env }, stdio: [...fds] };
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd.argv[0], cmd.argv.slice(1), options);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  for (const fd of fds) if (typeof fd === 'number') closeSync(fd);
  if (r.status !== 0) throw new Error(`${cmd.label} failed (${r.status ?? r.signal}): ${cmd.argv.join(' ')}`);
  return ms;
}

/**
 * Runs the commands `rounds` times, each round in another order (seeded), and gives each one's
 * median: a drift of the machine hits all alike, and no command always follows the same one (a
 * Python run leaves the machine busier for whatever comes next).
 */
export function race(commands: readonly Command[], rounds: number, env: NodeJS.ProcessEnv): number[] {
  const times = commands.map(() => [] as number[]);
  const random = seededRandom(rounds * 7919 + commands.length);
  for (let r = 0; r < rounds; r++) {
    const order = commands.map((_, i) => i);
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [order[k], order[j]] = [order[j], order[k]];
    }
    for (const i of order) times[i].push(time(commands[i], env));
  }
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
}

/** The peak resident memory of a command, in MiB (from the kernel's accounting of the finished child). */
export function peakMiB(cmd: Command, env: NodeJS.ProcessEnv, python: string): number {
  cmd.before?.();
  const code = `import resource, subprocess, sys
stdin = open(sys.argv[1], "rb") if sys.argv[1] != "-" else None
r = subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if r.returncode == 0 else -1)`;
  const r = spawnSync(python, ['-c', code, cmd.stdin ?? '-', ...cmd.argv], { env: { ...env, ...cmd.env }, encoding: 'utf8' });
  return Number(r.stdout) / 1024;
}

/** One comparison: ours against a peer, per record where it has records, and whether it meets its target. */
export interface Result {
  readonly case: string;
  readonly records?: number;
  readonly ours: number;
  readonly against: string;
  readonly theirs: number;
  readonly ratio: number;
  readonly target?: string;
  readonly met?: boolean;
}

/** Ours / theirs, against a target: at most `most` (none when undefined). */
export function compare(name: string, ours: number, against: string, theirs: number, most?: number, records?: number): Result {
  const ratio = ours / theirs;
  return most === undefined
    ? { case: name, records, ours, against, theirs, ratio }
    : { case: name, records, ours, against, theirs, ratio, target: `<= ${+most.toFixed(3)}`, met: ratio <= most };
}

/** Whether two files hold the same bytes, read a chunk at a time (a dump of 50M records is larger than a Buffer may be). */
export function sameFiles(a: string, b: string): boolean {
  const [fa, fb] = [openSync(a, 'r'), openSync(b, 'r')];
  try {
    if (fstatSync(fa).size !== fstatSync(fb).size) return false;
    const [ba, bb] = [Buffer.alloc(1 << 24), Buffer.alloc(1 << 24)];
    for (;;) {
      const n = readSync(fa, ba, 0, ba.length, null);
      if (readSync(fb, bb, 0, bb.length, null) !== n || !ba.subarray(0, n).equals(bb.subarray(0, n))) return false;
      if (n === 0) return true;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}
