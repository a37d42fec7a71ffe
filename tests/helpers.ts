import { spawn, spawnSync, type ChildProcessWithoutNullStreams, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Io } from '../src/cli/io';
import { ShmError } from '../src/model/errors';

/** The project's root, where bin/ and dist/ live. */
export const ROOT = join(__dirname, '..');

const made = new Set<string>();
let counter = 0;
/** Peers (see `spawnPeer`) still running. */
const running = new Set<Peer>();

/** A segment name no other test (or test run) uses; removed by `cleanUp`. */
export function uniqueName(label = 'seg'): string {
  const name = `jest-shm-${label}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  made.add(name);
  return name;
}

/** Removes every segment this file's tests named, and ends the peers they left running, whatever happened to them. */
export function cleanUp(): void {
  // Peers first: one may hold a lock, or be about to re-create a segment. Their input ends too, for
  // whatever they started that reads it.
  for (const peer of running) {
    peer.child.kill('SIGKILL');
    peer.child.stdin.destroy();
  }
  running.clear();
  for (const name of made) rmSync(shmPath(name), { force: true, recursive: true });
  made.clear();
}

/** Where Linux shows a segment as a file. */
export function shmPath(name: string): string {
  return `/dev/shm/${name.replace(/^\//, '')}`;
}

/** The path of a built bin. */
export function bin(tool: 'shm-writer' | 'shm-reader'): string {
  return join(ROOT, 'bin', `${tool}.js`);
}

/** Runs a built bin as a user would: `node bin/<tool>.js args`, colour off unless `env` says. */
export function run(
  tool: 'shm-writer' | 'shm-reader',
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(ROOT, 'bin', `${tool}.js`), ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
    input: options.input,
    maxBuffer: 1 << 28,
  });
}

/** What a segment is on disk: size, mode, allocated bytes and a hash of its bytes (null when absent). */
export function snapshot(name: string): { size: number; mode: number; hash: string } | null {
  const path = shmPath(name);
  if (!existsSync(path)) return null;
  const st = statSync(path);
  return { size: st.size, mode: st.mode & 0o7777, hash: createHash('sha256').update(readFileSync(path)).digest('hex') };
}

/** Bytes a file really occupies (st_blocks × 512). */
export function allocatedBytes(name: string): number {
  return statSync(shmPath(name)).blocks * 512;
}

/** Runs a tool in-process (as `runWriter`/`runReader`), capturing what it prints. */
export async function inProcess(
  runner: (argv: readonly string[], io: Io) => Promise<number>,
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    stdin?: string[];
    /** Standard output's reader goes away once this many writes have reached it (for --watch). */
    closeAfter?: number;
    /** Standard output is a terminal this many columns wide. */
    columns?: number;
  } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    // Copied now, as a real stream would: the tools reuse their output buffers.
    out: (t) => void out.push(typeof t === 'string' ? t : Buffer.from(t).toString()),
    err: (t) => void err.push(t),
    stdoutIsTTY: () => options.columns !== undefined,
    stderrIsTTY: () => false,
    stdinIsTTY: () => false,
    columns: () => options.columns,
    outputClosed: () => options.closeAfter !== undefined && out.length >= options.closeAfter,
    env: options.env ?? {},
    stdin: async function* () {
      for (const chunk of options.stdin ?? []) yield Buffer.from(chunk);
    },
  };
  const code = await runner(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Runs `fn`, which must throw a usage error (ShmError, code EUSAGE); returns the error. */
export function usageError(fn: () => unknown): ShmError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ShmError);
    expect((err as ShmError).code).toBe('EUSAGE');
    return err as ShmError;
  }
  throw new Error('expected a usage error');
}

/** The C standard's range of a fixed-width integer type (`int8`...`uint64`): an oracle apart from the code under test. */
export function intRange(type: string): { min: bigint; max: bigint } {
  const bits = BigInt(/^u?int(8|16|32|64)$/.exec(type)?.[1] ?? NaN);
  return type.startsWith('u') ? { min: 0n, max: 2n ** bits - 1n } : { min: -(2n ** (bits - 1n)), max: 2n ** (bits - 1n) - 1n };
}

/**
 * How long a test waits for another process to do something it will do: only a bound on a hang
 * (a bug), never a measure of speed. Tests that wait give jest a longer timeout than this.
 */
export const DEADLINE_MS = 30000;

/** A process a test talks to: its output so far, line by line, and how it ended. */
export interface Peer {
  readonly child: ChildProcessWithoutNullStreams;
  /** The command line, to name the peer in failures. */
  readonly label: string;
  stdout(): string;
  stderr(): string;
  /** Whole lines of stdout printed so far. */
  lines(): string[];
  /** Writes to its standard input. */
  send(text: string): void;
  /** Whether it has ended and all its output has been read. */
  ended(): boolean;
  /** Waits for a line of stdout that `match` accepts (one printed already, or a later one), and returns it. */
  line(match: string | RegExp | ((line: string) => boolean)): Promise<string>;
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts a peer process with pipes on all three streams; `cleanUp` kills it if the test leaves it running. */
export function spawnPeer(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Peer {
  const child = spawn(cmd, args, { env: { ...process.env, FORCE_COLOR: '0', ...options.env } });
  let out = '';
  let err = '';
  let ended = false;
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  // A peer that stops reading its input must not crash the test with EPIPE.
  child.stdin.on('error', () => undefined);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    // 'close', not 'exit': output may still be arriving when the process has exited.
    child.on('close', (code, signal) => {
      ended = true;
      running.delete(peer);
      resolve({ code, signal, stdout: out, stderr: err });
    }),
  );
  const lines = () => out.split('\n').slice(0, -1);
  const peer: Peer = {
    child,
    label: [cmd, ...args].map((a) => a.replace(ROOT, '.')).join(' '),
    stdout: () => out,
    stderr: () => err,
    lines,
    send: (text) => void child.stdin.write(text),
    ended: () => ended,
    line: (match) => {
      const accepts =
        typeof match === 'function' ? match : typeof match === 'string' ? (l: string) => l === match : (l: string) => match.test(l);
      return waitFor(
        `a line ${typeof match === 'function' ? 'it accepts' : JSON.stringify(String(match))} from ${peer.label}`,
        () => lines().find(accepts),
        [peer],
      );
    },
    done,
  };
  running.add(peer);
  return peer;
}

/**
 * Polls `check` until it returns something other than undefined or false, and returns that. Fails
 * when one of `peers` ends first (the thing waited for can no longer happen), or after DEADLINE_MS.
 */
export async function waitFor<T>(what: string, check: () => T | undefined | false, peers: Peer[] = []): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const gone = peers.find((p) => p.ended());
    const result = check();
    if (result !== undefined && result !== false) return result;
    if (gone !== undefined) {
      const { code, signal, stdout, stderr } = await gone.done;
      throw new Error(`${gone.label} ended (${signal ?? `exit ${code}`}) before ${what}\nstdout: ${stdout}\nstderr: ${stderr}`);
    }
    if (Date.now() > deadline) throw new Error(`still waiting for ${what} after ${DEADLINE_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** How many processes are blocked in flock(2) waiting for a lock on segment `name`, as /proc/locks lists them. */
export function lockWaiters(name: string): number {
  const st = statSync(shmPath(name), { bigint: true });
  const major = Number((st.dev >> 8n) & 0xfffn);
  const minor = Number((st.dev & 0xffn) | ((st.dev >> 12n) & 0xfff00n));
  const file = `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}:${st.ino}`;
  // "1: -> FLOCK  ADVISORY  WRITE 1234 00:1b:236 0 EOF": "->" marks a request waiting for the lock above it.
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .filter((l) => {
      const f = l.trim().split(/\s+/);
      return f[1] === '->' && f[2] === 'FLOCK' && f[6] === file;
    }).length;
}

/** A python3 peer that holds flocks on a segment as told: see tests/peers/hold-lock.py. */
export function holdLock(name: string): Peer & { command(cmd: string): Promise<void> } {
  const peer = spawnPeer('python3', [join(ROOT, 'tests', 'peers', 'hold-lock.py'), shmPath(name)]);
  let answered = 0;
  return Object.assign(peer, {
    async command(cmd: string): Promise<void> {
      peer.send(`${cmd}\n`);
      const n = ++answered;
      const reply = await waitFor(`an answer to ${JSON.stringify(cmd)} from ${peer.label}`, () => peer.lines()[n - 1], [peer]);
      if (reply !== 'ok') throw new Error(`${peer.label}: ${JSON.stringify(cmd)} answered ${JSON.stringify(reply)}`);
    },
  });
}

/**
 * A small seeded PRNG (mulberry32) giving numbers in [0, 1): the same seed, the same sequence.
 * Tests print their seed when they fail; SHM_TEST_SEED=<seed> replays a run.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed for seeded tests: SHM_TEST_SEED if set, else a fixed one. */
export function testSeed(): number {
  const env = process.env.SHM_TEST_SEED;
  return env === undefined || env === '' ? 0x5eed : Number(env) >>> 0;
}
