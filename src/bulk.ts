import { MY_DATA, type Layout } from './layout';
import { ShmError } from './errors';
import { MAX_BYTES } from './parse';
import { parseRecordLine, parseTsvBytes } from './record-text';
import { recordOffset, writeLocked } from './records';
import { interrupted, Segment, type CreatePolicy } from './segment';

/** What {@link writeLines} should do. The name must come from `parseName`. */
export interface WriteLinesOptions {
  readonly name: string;
  readonly layout?: Layout;
  /** Slot of the first line's record; the next lines go to the slots after it. */
  readonly index: number;
  /** Size to give the segment at least; it still grows as far as the records need. */
  readonly size?: number;
  /** Allows `size` to shrink an existing segment. */
  readonly truncate?: boolean;
  readonly create: CreatePolicy;
  readonly mode?: number;
  /** Stops the job between batches: what was written stays, and the job ends with EINTR. */
  readonly signal?: AbortSignal;
  /** Called after each batch with the number of records written so far. */
  readonly onProgress?: (written: number) => void;
}

/** What {@link writeLines} did. */
export interface WriteLinesResult {
  readonly name: string;
  readonly index: number;
  readonly written: number;
  readonly size: number;
  readonly created: boolean;
}

const NL = 10;
const CR = 13;
/** How long input may pause before the records read so far are written. */
const IDLE_MS = 20;

/** Whether `promise` settles within `ms`; the timer is cleared either way. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([promise.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** At most this many bytes of records per batch: each batch is reserved, locked and copied in as one. */
const BATCH_BYTES = 1 << 20;

/**
 * Writes one record per line of `input` (tab-separated or JSON, see `parseRecordLine`; a chunk of
 * `input` need only stay valid until the next is asked for) into
 * consecutive slots from `index`, growing the segment as needed and never shrinking it unless
 * `truncate`. Blank lines are skipped. At a bad line the records before it are written, nothing
 * after it is touched, and the error names the line and how many records were written.
 */
export async function writeLines(options: WriteLinesOptions, input: AsyncIterable<Uint8Array>): Promise<WriteLinesResult> {
  const layout = options.layout ?? MY_DATA;
  const { name, index, size } = options;
  recordOffset(layout, index);
  const per = Math.floor(BATCH_BYTES / layout.size);
  const batch = new Uint8Array(per * layout.size);
  const view = new DataView(batch.buffer);
  let pending = 0;
  let written = 0;
  let lineNo = 0;
  let seg: Segment | undefined;
  let segSize = 0;

  const summary = () => (written === 0 ? 'nothing was written' : `records ${index} to ${index + written - 1} (${written}) were written before it`);

  const flush = async (): Promise<void> => {
    if (pending === 0) return;
    const offset = (index + written) * layout.size;
    const length = pending * layout.size;
    if (offset + length > MAX_BYTES) throw ShmError.usage(`line ${lineNo}: record ${index + written + pending - 1} is out of range; ${summary()}`, name);
    const target = (seg ??= Segment.open(name, { access: 'write', create: options.create, mode: options.mode }));
    try {
      await target.lockAsync('exclusive', options.signal);
      // `size` is applied with the first batch; later ones only grow the segment.
      const plan = { size: written === 0 ? size : undefined, truncate: options.truncate, fresh: target.created && written === 0 };
      const done = writeLocked(target, offset, length, plan, (bytes) => bytes.set(batch.subarray(0, length)));
      if (done === null) throw target.removedError('written');
      segSize = done.size;
    } catch (err) {
      // Say how far the run got: the batches before this one stay written.
      throw err instanceof ShmError && err.code !== 'EINTR' ? new ShmError(err.code, `${err.message}; ${summary()}`, err.syscall, err.segment) : err;
    } finally {
      target.lock('unlock');
    }
    written += pending;
    pending = 0;
    options.onProgress?.(written);
  };

  const bad = async (problem: string): Promise<never> => {
    await flush();
    throw ShmError.usage(`line ${lineNo}: ${problem}; ${summary()}`, name);
  };

  /** Reads the line bytes[start, end) into the batch: null, or why it is not a record. Synchronous: it runs a million times. */
  const take = (bytes: Uint8Array, start: number, end: number): string | null => {
    lineNo++;
    if (end > start && bytes[end - 1] === CR) end--;
    if (end === start) return null;
    const at = pending * layout.size;
    if (!parseTsvBytes(layout, bytes, start, end, view, at)) {
      // JSON, blank or bad: the string path reads it, or says what is wrong.
      const line = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
      if (line.trim() === '') return null;
      const problem = parseRecordLine(layout, line, view, at);
      if (problem !== null) return problem;
    }
    pending++;
    return null;
  };
  const takeAll = async (bytes: Uint8Array, start: number, end: number): Promise<void> => {
    const problem = take(bytes, start, end);
    if (problem !== null) await bad(problem);
    if (pending === per) await flush();
  };

  const chunks = input[Symbol.asyncIterator]();
  const stopped = new Promise<'stopped'>((resolve) => options.signal?.addEventListener('abort', () => resolve('stopped'), { once: true }));
  try {
    let carry: Uint8Array = new Uint8Array(0);
    for (;;) {
      const pendingChunk = chunks.next();
      // Records wait for a full batch only while input keeps coming: a slow producer's show up as they come.
      if (pending > 0 && (await settlesWithin(pendingChunk, IDLE_MS)) === false) await flush();
      const next = await Promise.race([pendingChunk, stopped]);
      if (next === 'stopped') {
        await flush();
        throw interrupted(`after line ${lineNo}: ${summary().replace(' before it', '')}`, name);
      }
      if (next.done) break;
      const bytes = next.value;
      let start = 0;
      if (carry.length > 0) {
        // Only the line that straddles two chunks is put together; the rest is read in place.
        const nl = bytes.indexOf(NL);
        carry = Buffer.concat([carry, bytes.subarray(0, nl === -1 ? bytes.length : nl)]);
        if (nl === -1) continue;
        await takeAll(carry, 0, carry.length);
        start = nl + 1;
      }
      for (let nl = bytes.indexOf(NL, start); nl !== -1; nl = bytes.indexOf(NL, start)) {
        const problem = take(bytes, start, nl);
        if (problem !== null) await bad(problem);
        if (pending === per) await flush();
        start = nl + 1;
      }
      // Copied: the input may reuse its buffer for the next chunk.
      carry = Uint8Array.prototype.slice.call(bytes, start);
    }
    await takeAll(carry, 0, carry.length);
    await flush();
    return { name, index, written, size: segSize, created: seg?.created ?? false };
  } finally {
    seg?.close();
  }
}
