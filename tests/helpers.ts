import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Io } from '../src/cli/io';
import { ShmError } from '../src/model/errors';

/** The project's root, where bin/ and dist/ live. */
export const ROOT = join(__dirname, '..');

const made = new Set<string>();
let counter = 0;

/** A segment name no other test (or test run) uses; removed by `cleanUp`. */
export function uniqueName(label = 'seg'): string {
  const name = `jest-shm-${label}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  made.add(name);
  return name;
}

/** Removes every segment this file's tests named, whatever happened to them. */
export function cleanUp(): void {
  for (const name of made) rmSync(shmPath(name), { force: true });
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
  } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    // Copied now, as a real stream would: the tools reuse their output buffers.
    out: (t) => void out.push(typeof t === 'string' ? t : Buffer.from(t).toString()),
    err: (t) => void err.push(t),
    stdoutIsTTY: () => false,
    stderrIsTTY: () => false,
    columns: () => undefined,
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
