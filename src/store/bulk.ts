import { ShmError } from '../model/errors';
import type { Layout } from '../model/layout';
import { recordOffset } from '../model/limits';
import { Segment, type CreatePolicy } from '../shm/segment';
import type { AttributeWrite } from '../shm/libc';
import { writeLocked } from './room';
import { lockedLayout, type LayoutWrite } from './segment-layout';

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
  /** Check the write against the layout stored with the segment, and store it with the first write (see {@link lockedLayout}); neither where not given. */
  readonly layoutWrite?: LayoutWrite;
}

/** What {@link writeChunks} did. */
export interface BulkResult {
  readonly name: string;
  readonly index: number;
  readonly written: number;
  readonly size: number;
  readonly created: boolean;
  /** What became of the layout, where `describe` had it stored. */
  readonly layoutStored?: AttributeWrite;
}

/**
 * Writes chunks of records to consecutive slots from `index`, each chunk reserved, locked and copied
 * in as one, growing the segment as needed and never shrinking it unless `truncate`. The segment is
 * opened (or created, or recreated) with the first chunk, so that input that fails before it
 * changes nothing; when no chunk comes at all, it is opened at the end, and `size` still applies.
 * A chunk's bytes need only stay valid until the next is asked for. When the chunks or a write
 * fail, what was written stays: the error says how far the run got (`details.written`, and in its
 * message).
 */
export async function writeChunks(options: BulkOptions, chunks: AsyncIterable<RecordChunk>): Promise<BulkResult> {
  const { name, layout, index, size, truncate } = options;
  recordOffset(layout, index);
  let seg: Segment | undefined;
  let written = 0;
  let segSize = 0;
  let layoutStored: AttributeWrite | undefined;
  /** Writes `length` bytes at `offset` under the lock; `size` applies with the first write only. */
  const locked = async (offset: number, length: number, write: (seg: Segment) => void): Promise<void> => {
    const target = (seg ??= Segment.open(name, { access: 'write', create: options.create, mode: options.mode }));
    await target.lockAsync('exclusive', options.signal);
    try {
      // The stored layout is checked, and the segment described, with the first write: a run that fails later leaves it described.
      const describe = written === 0 && options.layoutWrite ? lockedLayout(target, layout, options.layoutWrite) : undefined;
      const plan = { size: written === 0 ? size : undefined, truncate, fresh: target.created && written === 0 };
      // The layout is stored with the bytes, before a recreated segment is put under its name.
      const done = writeLocked(target, offset, length, plan, () => {
        write(target);
        layoutStored ??= describe?.();
      });
      if (done === null) throw target.removedError('written');
      segSize = done.size;
    } finally {
      target.lock('unlock');
    }
  };
  try {
    for await (const chunk of chunks) {
      if (chunk.count === 0) continue;
      recordOffset(layout, index + written + chunk.count - 1);
      const offset = (index + written) * layout.size;
      const length = chunk.count * layout.size;
      await locked(offset, length, (target) => target.write(offset, chunk.bytes.subarray(0, length)));
      written += chunk.count;
      options.onProgress?.(written);
    }
    // No record came: the segment is still opened or created as asked, and given the size asked for.
    if (written === 0) await locked(0, 0, () => undefined);
    return { name, index, written, size: segSize, created: seg?.created ?? false, layoutStored };
  } catch (err) {
    throw err instanceof ShmError ? withProgress(err, name, index, written) : err;
  } finally {
    seg?.close();
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
