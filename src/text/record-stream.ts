import { ShmError } from '../model/errors';
import type { Layout } from '../model/layout';
import { outOfRange, recordSlots } from '../model/limits';
import type { RecordChunk } from '../store/bulk';
import { parseJsonBytes, parseTsvBytes } from './record-bytes';
import { parseRecordLine, type InputFormat, type LineProblem } from './record-parse';
import { WASM_FROM_BYTES, wasmRecords } from './wasm-records';

/** How {@link recordChunks} reads its input. */
export interface RecordStreamOptions {
  readonly layout: Layout;
  /** How lines are read (see `parseRecordLine`). */
  readonly format: InputFormat;
  /** Records per chunk at most. */
  readonly perChunk: number;
  /** The slot of the first record: a line whose record would lie past the last slot is an error. */
  readonly index: number;
  /** How long input may pause before the records read so far are passed on. */
  readonly idleMs: number;
  /** Ends the stream: the records read so far are passed on, then it fails with EINTR. */
  readonly signal?: AbortSignal;
  /** Lines of the input read before this stream (a layout line), so that errors count lines from the input's first. */
  readonly linesBefore?: number;
}

const NL = 10;
const CR = 13;
const OPEN = 123;

/**
 * The longest line read for a layout: more than any of its records can take as text (a byte of a
 * record is at most 6 characters of JSON, `\u0000`, and each field's name is a key), so that a
 * line without end cannot take all memory.
 */
export function maxLine(layout: Layout): number {
  return 8 * layout.size + layout.fields.reduce((n, f) => n + f.name.length + 1024, 0) + 65536;
}

type Pulled = IteratorResult<Uint8Array> | 'idle' | 'stopped';

/** Waits for `next`, or until `ms` pass (`idle`) or `signal` aborts (`stopped`); no listener or timer outlives the wait. */
function pull(next: Promise<IteratorResult<Uint8Array>>, ms: undefined, signal?: AbortSignal): Promise<Exclude<Pulled, 'idle'>>;
function pull(next: Promise<IteratorResult<Uint8Array>>, ms: number | undefined, signal?: AbortSignal): Promise<Pulled>;
function pull(next: Promise<IteratorResult<Uint8Array>>, ms: number | undefined, signal?: AbortSignal): Promise<Pulled> {
  if (signal?.aborted) return Promise.resolve('stopped');
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    };
    const settle = (value: Pulled) => (done(), resolve(value));
    const stop = () => settle('stopped');
    const timer = ms === undefined ? undefined : setTimeout(settle, ms, 'idle');
    signal?.addEventListener('abort', stop, { once: true });
    next.then(settle, (err: unknown) => (done(), reject(err)));
  });
}

/**
 * Reads one record per line of `input` (in `format`, see `parseRecordLine`; a chunk of `input`
 * need only stay valid until the next is asked for) and yields them in chunks: when a chunk is
 * full, and when the input pauses `idleMs` with records read, so a slow producer's records show up
 * as they come. A `\r` before the newline is dropped. At a bad line
 * the records before it are yielded, then it fails with a usage error naming the line. A yielded
 * chunk's bytes are valid until the next is asked for. The input is closed however the stream ends.
 */
export async function* recordChunks(input: AsyncIterable<Uint8Array>, options: RecordStreamOptions): AsyncGenerator<RecordChunk> {
  const { layout, format, perChunk, index, idleMs, signal } = options;
  const room = recordSlots(layout) - index;
  const longest = maxLine(layout);
  const batch = new Uint8Array(perChunk * layout.size);
  const view = new DataView(batch.buffer);
  let pending = 0;
  let total = 0;
  let lineNo = options.linesBefore ?? 0;
  const chunk = (): RecordChunk => ({ bytes: batch, count: pending });
  // How the line at `start` is read: in `auto`, a line starting with `{` is JSON. Lines of integers
  // as the reader prints them are neither blank nor both: no fast path takes an ambiguous line.
  const isJson = (bytes: Uint8Array, start: number) => format === 'json' || (format === 'auto' && bytes[start] === OPEN);

  /** Reads the line bytes[start, end) into the batch: null, or why it is not a record. Synchronous: it runs a million times. */
  const take = (bytes: Uint8Array, start: number, end: number): LineProblem | null => {
    lineNo++;
    if (end - start > longest) return { problem: tooLong };
    if (end > start && bytes[end - 1] === CR) end--;
    const at = pending * layout.size;
    // The fast paths take lines of integers as the reader prints them.
    const fast = isJson(bytes, start)
      ? parseJsonBytes(layout, bytes, start, end, view, at)
      : parseTsvBytes(layout, bytes, start, end, view, at);
    if (!fast) {
      const line = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
      const outcome = parseLine(line, at);
      if (outcome === 'skip') return null;
      if (outcome !== null) return outcome;
    }
    if (total >= room) return { problem: outOfRange(layout, index + total).message };
    pending++;
    total++;
    return null;
  };
  const parseLine = (line: string, at: number): ReturnType<typeof parseRecordLine> => {
    try {
      return parseRecordLine(layout, line, view, at, format);
    } catch (err) {
      // A line too large for the engine (its stack, its longest string) is that line's fault.
      if (err instanceof RangeError) return { problem: err.message };
      throw err;
    }
  };
  const bad = ({ problem, ambiguous }: LineProblem) =>
    ShmError.usage(`line ${lineNo}: ${problem}`, { line: lineNo, reason: ambiguous ? 'ambiguous-line' : undefined });
  const tooLong = `longer than ${longest} bytes, more than any ${layout.size}-byte ${layout.name} record takes as text`;

  const chunks = input[Symbol.asyncIterator]();
  try {
    // The start of a line that the chunks so far have not ended, in pieces: joined once, when it ends.
    let partial: Uint8Array[] = [];
    let partialLength = 0;
    for (;;) {
      const next = chunks.next();
      const first = await pull(next, pending > 0 ? idleMs : undefined, signal);
      let got: Exclude<Pulled, 'idle'>;
      if (first === 'idle') {
        yield chunk();
        pending = 0;
        got = await pull(next, undefined, signal);
      } else got = first;
      if (got === 'stopped') {
        if (pending > 0) yield chunk();
        throw ShmError.interrupted(`after line ${lineNo}`);
      }
      if (got.done) break;
      const bytes = got.value;
      const parts: Array<[Uint8Array, number]> = [[bytes, 0]];
      if (partial.length > 0) {
        // Copied: the input may reuse its buffer for the next chunk.
        const nl = bytes.indexOf(NL);
        if (nl === -1) {
          partial.push(Uint8Array.prototype.slice.call(bytes));
          partialLength += bytes.length;
          if (partialLength <= longest) continue;
          if (pending > 0) yield chunk();
          lineNo++;
          throw bad({ problem: tooLong });
        }
        // Only the line the pieces end is joined: the rest of the chunk is read where it lies.
        parts.splice(0, 1, [Buffer.concat([...partial, bytes.subarray(0, nl + 1)]), 0], [bytes, nl + 1]);
        partial = [];
        partialLength = 0;
      }
      for (const [part, from] of parts) {
        let start = from;
        const end = part.lastIndexOf(NL) + 1;
        while (start < end) {
          // Many lines at once: the WebAssembly loop reads them up to the first it does not take
          // as a record (a blank line, a bad value, another format), which `take` then reads.
          const fast = end - start >= WASM_FROM_BYTES ? wasmRecords() : null;
          if (fast !== null) {
            const max = Math.min(perChunk - pending, room - total);
            // No room left (max 0): `take` reads the next line, and says it lies past the last slot.
            const read =
              max === 0
                ? null
                : fast.parse(layout, isJson(part, start) ? 'json' : 'tsv', part, start, end, batch, pending * layout.size, max);
            if (read !== null) {
              pending += read.records;
              total += read.records;
              lineNo += read.records;
              start = read.stop;
              if (pending === perChunk) {
                yield chunk();
                pending = 0;
              }
              if (start === end || read.records === max) continue;
            }
          }
          const nl = part.indexOf(NL, start);
          const problem = take(part, start, nl);
          if (problem !== null || pending === perChunk) {
            if (pending > 0) yield chunk();
            pending = 0;
            if (problem !== null) throw bad(problem);
          }
          start = nl + 1;
        }
        if (start < part.length) {
          partial.push(Uint8Array.prototype.slice.call(part, start));
          partialLength = part.length - start;
        }
      }
    }
    // Input that does not end in a newline ends with a line all the same.
    const problem = partialLength > 0 ? take(Buffer.concat(partial), 0, partialLength) : null;
    if (pending > 0) yield chunk();
    if (problem !== null) throw bad(problem);
  } finally {
    // Stopped early (a bad line, a failed write, Ctrl-C): the producer need not run to its end.
    chunks.return?.()?.catch(() => undefined);
  }
}
