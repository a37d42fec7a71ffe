import { fstatSync, read, writeSync } from 'node:fs';
import { ShmError } from '../model/errors';
import { libc } from '../shm/libc';

/** Where a program writes, and what it knows of its surroundings; tests pass their own. */
export interface Io {
  /** Writes to standard output before returning: bytes passed in may be reused afterwards. */
  readonly out: (text: string | Uint8Array) => void;
  readonly err: (text: string) => void;
  readonly stdoutIsTTY: () => boolean;
  readonly stderrIsTTY: () => boolean;
  readonly stdinIsTTY: () => boolean;
  /** The width to fit: COLUMNS, else the terminal's where standard output is one. */
  readonly columns: () => number | undefined;
  /** Whether standard output is a pipe whose reader has gone, so that a job that writes rarely can stop. */
  readonly outputClosed: () => boolean;
  readonly env: NodeJS.ProcessEnv;
  /** Standard input, opened only by the runs that read it. */
  readonly stdin: () => AsyncIterable<Uint8Array>;
}

/** The real process's standard streams; output is written synchronously so it stays bounded. */
export function processIo(): Io {
  return {
    out: (text) => writeFully(1, text),
    err: (text) => writeFully(2, text),
    stdoutIsTTY: () => libc().isatty(1),
    stderrIsTTY: () => libc().isatty(2),
    stdinIsTTY: () => libc().isatty(0),
    // COLUMNS first, as lsipc and ls read it; then only a terminal has columns (asking process.stdout
    // of a pipe would set up a socket for nothing).
    columns: () => {
      const columns = Number(process.env.COLUMNS);
      if (Number.isInteger(columns) && columns > 0) return columns;
      return fstatSync(1).isCharacterDevice() ? process.stdout.columns : undefined;
    },
    outputClosed: () => libc().readerGone(1),
    env: process.env,
    // A stream, not reads of fd 0 on the thread pool: a read blocked on a pipe or terminal would
    // keep the process from exiting after Ctrl-C.
    stdin: () => {
      const st = fstatSync(0);
      if (st.isDirectory()) throw new ShmError('EISDIR', 'standard input is a directory, not lines of records', { syscall: 'read' });
      return st.isFile() ? fileChunks(0) : process.stdin;
    },
  };
}

const pause = new Int32Array(new SharedArrayBuffer(4));

function writeFully(fd: number, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  for (let done = 0; done < buf.length;) {
    try {
      done += writeSync(fd, buf, done);
    } catch (err) {
      // A non-blocking pipe handed to us by the parent: wait for the reader instead of failing.
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

/**
 * A file (`< records.tsv`) read a megabyte at a time into one buffer, reused: a sixteenth of a
 * stream's trips through the event loop, and no fresh memory to fault in for every chunk. A chunk
 * is valid until the next is asked for, as `recordChunks` allows.
 */
async function* fileChunks(fd: number): AsyncGenerator<Uint8Array> {
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    const bytes = await new Promise<number>((resolve, reject) =>
      read(fd, buffer, 0, buffer.length, null, (err, n) => (err ? reject(err) : resolve(n))),
    );
    if (bytes === 0) return;
    yield buffer.subarray(0, bytes);
  }
}
