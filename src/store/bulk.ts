import { ShmError } from '../model/errors';
import type { Layout } from '../model/layout';
import { recordOffset } from '../model/limits';
import { Segment, type CreatePolicy } from '../shm/segment';
import { writeLocked } from './room';

/** Consecutive records, as bytes: `count` records of the layout's size from byte 0 of `bytes`. */
export interface RecordChunk {
  readonly bytes: Uint8Array;
  readonly count: number;
}

/** What {@link writeChunks} should do. The name must come from `parseName`. */
export interface BulkOptions {
  readonly name: string;
  readonly layout: Layout;
  /** Slot of the first record; the next ones go to the slots after it. */
  readonly index: number;
  /** Size to give the segment at least; it still grows as far as the records need. */
  readonly size?: number;
  /** Allows `size` to shrink an existing segment. */
  readonly truncate?: boolean;
  readonly create: CreatePolicy;
  readonly mode?: number;
  /** Stops a wait for the lock: what was written stays, and the job ends with EINTR. */
  readonly signal?: AbortSignal;
  /** Called after each chunk with the number of records written so far. */
  readonly onProgress?: (written: number) => void;
}

/** What {@link writeChunks} did. */
export interface BulkResult {
  readonly name: string;
  readonly index: number;
  readonly written: number;
  readonly size: number;
  readonly created: boolean;
}

/**
 * Writes chunks of records to consecutive slots from `index`, each chunk reserved, locked and copied
 * in as one, growing the segment as needed and never shrinking it unless `truncate`. The segment is
 * opened (or created) before the first chunk is asked for, and `size` applies even when no chunk
 * comes. A chunk's bytes need only stay valid until the next is asked for. When the chunks or a
 * write fail, what was written stays: the error says how far the run got (`details.written`, and in
 * its message).
 */
export async function writeChunks(options: BulkOptions, chunks: AsyncIterable<RecordChunk>): Promise<BulkResult> {
  const { name, layout, index, size, truncate } = options;
  recordOffset(layout, index);
  const seg = Segment.open(name, { access: 'write', create: options.create, mode: options.mode });
  let written = 0;
  let segSize = 0;
  /** Writes `length` bytes at `offset` under the lock; `size` applies with the first write only. */
  const locked = async (offset: number, length: number, write: () => void): Promise<void> => {
    await seg.lockAsync('exclusive', options.signal);
    try {
      const done = writeLocked(
        seg,
        offset,
        length,
        { size: written === 0 ? size : undefined, truncate, fresh: seg.created && written === 0 },
        write,
      );
      if (done === null) throw seg.removedError('written');
      segSize = done.size;
    } finally {
      seg.lock('unlock');
    }
  };
  try {
    for await (const chunk of chunks) {
      if (chunk.count === 0) continue;
      recordOffset(layout, index + written + chunk.count - 1);
      const offset = (index + written) * layout.size;
      const length = chunk.count * layout.size;
      await locked(offset, length, () => seg.write(offset, chunk.bytes.subarray(0, length)));
      written += chunk.count;
      options.onProgress?.(written);
    }
    // No record came: the segment still gets the size asked for.
    if (written === 0) await locked(0, 0, () => undefined);
    return { name, index, written, size: segSize, created: seg.created };
  } catch (err) {
    // A run that created the segment and wrote nothing leaves nothing behind.
    if (seg.created && written === 0) seg.discard();
    throw err instanceof ShmError ? withProgress(err, name, index, written) : err;
  } finally {
    seg.close();
  }
}

/** The error, saying how far the run got. */
function withProgress(err: ShmError, name: string, first: number, count: number): ShmError {
  const written = { first, count };
  return err.with({ written, segment: err.segment ?? name }, `${err.message}${writtenSummary(written, err.code === 'EINTR')}`);
}

/** How far a bulk write got, to end its error's message: `; records 0 to 9 (10) were written before it`. */
export function writtenSummary({ first, count }: { first: number; count: number }, interrupted: boolean): string {
  if (count === 0) return `${interrupted ? ':' : ';'} nothing was written`;
  return `${interrupted ? ':' : ';'} records ${first} to ${first + count - 1} (${count}) were written${interrupted ? '' : ' before it'}`;
}
