/** The costs of `shm-reader --watch`, for `npm run bench`: how soon it prints a write, and its CPU while nothing changes. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MY_DATA, writeRecord } from '../src/index';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes `writes` values into record 0 of `name`, each a little more than `intervalMs` after the
 * last one was printed, and measures the delay from each write to the watcher printing it.
 */
export async function watchLatency(
  reader: string,
  name: string,
  env: NodeJS.ProcessEnv,
  intervalMs: number,
  writes: number,
  watched: readonly string[] = [],
): Promise<{ median: number; p99: number }> {
  const child = spawn(process.execPath, [reader, '--name', name, ...watched, '--watch', '--json', '--interval', `${intervalMs}`], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const printed = new Map<bigint, number>();
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const now = performance.now();
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.includes('"index":0,')) printed.set(BigInt(/"Col1":(-?\d+)/.exec(line)?.[1] ?? '0'), now);
  });
  const written = new Map<bigint, number>();
  try {
    while (printed.size === 0) await sleep(5);
    for (let i = 1n; i <= BigInt(writes); i++) {
      written.set(i, performance.now());
      writeRecord({ name: `/${name}`, layout: MY_DATA, index: 0, values: { Col1: i }, create: 'never' });
      while (!printed.has(i)) await sleep(1);
      await sleep(Math.random() * intervalMs); // so that writes land anywhere in the polling cycle
    }
  } finally {
    child.kill('SIGINT');
  }
  const delays = [...written].map(([i, t]) => (printed.get(i) as number) - t).sort((a, b) => a - b);
  return { median: delays[delays.length >> 1], p99: delays[Math.floor(delays.length * 0.99)] };
}

/** The watcher's CPU use, in percent of one core, over `seconds` in which nothing changes, after `settleMs` to print the records. */
export async function idleCpu(reader: string, args: string[], env: NodeJS.ProcessEnv, settleMs: number, seconds: number): Promise<number> {
  const child = spawn(process.execPath, [reader, ...args, '--watch'], { env, stdio: 'ignore' });
  const ticks = () => {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks of 1/100 s
  };
  try {
    await sleep(settleMs);
    const before = ticks();
    await sleep(seconds * 1000);
    // Ticks are hundredths of a second: per second, they are the percent of one core.
    return (ticks() - before) / seconds;
  } finally {
    child.kill('SIGINT');
  }
}

/**
 * `--all --watch --tsv` on a large segment: how soon the first line comes, how soon `lines` lines
 * (the whole first look, or part of it), the peak memory then, and how long Ctrl-C takes then.
 */
export async function watchAtScale(
  reader: string,
  name: string,
  env: NodeJS.ProcessEnv,
  lines: number,
): Promise<{ firstLineMs: number; linesMs: number; peakMiB: number; stopMs: number }> {
  const start = performance.now();
  const child = spawn(process.execPath, [reader, '--name', name, '--all', '--watch', '--tsv'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let seen = 0;
  let firstLineMs = 0;
  let reached: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => (reached = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    if (seen === 0) firstLineMs = performance.now() - start;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, nl + 1)) seen++;
    if (seen >= lines) reached();
  });
  const ended = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await Promise.race([enough, ended]);
  const linesMs = performance.now() - start;
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const peakMiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
  const stop = performance.now();
  child.kill('SIGINT');
  await ended;
  return { firstLineMs, linesMs, peakMiB, stopMs: performance.now() - stop };
}

/** Milliseconds until the reader run with `args` has printed `lines` lines through a pipe to this process, as {@link watchAtScale} counts them. */
export async function pipedLines(reader: string, args: string[], env: NodeJS.ProcessEnv, lines: number): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, [reader, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = 0;
  let ms = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, nl + 1)) seen++;
    if (seen >= lines && ms === 0) ms = performance.now() - start;
  });
  await new Promise<void>((resolve) => child.on('close', () => resolve()));
  if (seen < lines) throw new Error(`${args.join(' ')} printed ${seen} lines, not ${lines}`);
  return ms;
}
