import { decodeRecord } from '../model/codec';
import { ShmError } from '../model/errors';
import type { Layout, RecordValues } from '../model/layout';
import { recordOffset, recordsPerBatch } from '../model/limits';
import { Segment } from '../shm/segment';
import type { AttributeRead } from '../shm/libc';
import { sameAttribute, segmentLayout } from './segment-layout';

/** What {@link readRecords} should read. The name must come from `parseName`. */
export interface ReadOptions {
  readonly name: string;
  /** The records' layout; where none is given, the one stored with the segment open (read from its descriptor), else MyData. */
  readonly layout?: Layout;
  /** First record. Default 0. */
  readonly index?: number;
  /** How many records, or `all` from `index` to the last whole record. Default 1. */
  readonly count?: number | 'all';
}

/** Consecutive records read in one go. */
export interface RecordBatch {
  readonly firstIndex: number;
  readonly records: readonly RecordValues[];
}

/** Consecutive records as the bytes copied out of the segment. */
export interface RawBatch {
  readonly firstIndex: number;
  readonly count: number;
  /** `count` records of `layout.size` bytes each, from byte 0. */
  readonly view: DataView;
  /** Records of the whole read passed on so far, this batch included, and in all. */
  readonly done: number;
  readonly total: number;
  /** The batch lies in a hole (pages never written): it was not read, and `view` holds zeros. */
  readonly hole?: boolean;
  /** The layout the records were read with. */
  readonly layout: Layout;
}

/** An open read: the segment, checked to hold the records asked for, and how to copy them batch by batch. */
export class BatchReader {
  private readonly buffer: Uint8Array;
  /** Where the data after the last hole found begins, and the batch that looked: a later batch below it is in that hole. */
  private holeEnd = -1;
  private lookedFrom = Infinity;
  /** Whether the buffer holds only zeros, as a hole read last left it. */
  private zeroed = false;

  private constructor(
    readonly seg: Segment,
    readonly layout: Layout,
    readonly first: number,
    readonly count: number,
    readonly per: number,
    /** The attribute the layout was read from, where it was not given: each batch checks it still holds. */
    private readonly described?: AttributeRead,
  ) {
    // One buffer for every batch: a batch is used before the next is copied in.
    this.buffer = new Uint8Array(Math.min(per, count) * layout.size);
  }

  /** Opens the segment read-only and checks that it holds the records asked for; errors come before any batch. */
  static open(options: ReadOptions): BatchReader {
    const { name } = options;
    const first = options.index ?? 0;
    if (options.layout !== undefined) recordOffset(options.layout, first);
    const seg = Segment.open(name, { access: 'read' });
    try {
      // The layout of the segment open, not of one that may have been put under its name since.
      const { layout, attribute } =
        options.layout === undefined ? segmentLayout(name, undefined, { segment: seg }) : { layout: options.layout, attribute: undefined };
      recordOffset(layout, first);
      const size = seg.size();
      const total = Math.floor(size / layout.size);
      if (total === 0) {
        throw new ShmError('ERANGE_RECORD', `${name} is ${size} bytes, shorter than one ${layout.size}-byte ${layout.name} record`, {
          segment: name,
          current: size,
        });
      }
      const count = options.count === 'all' ? total - first : (options.count ?? 1);
      if (first >= total || first + count > total) {
        const asked = count > 1 && first < total ? `records ${first} to ${first + count - 1} go` : `record ${first} is`;
        throw new ShmError(
          'ERANGE_RECORD',
          `${asked} past the end: ${name} holds ${total} whole ${layout.size}-byte records (0 to ${total - 1})`,
          {
            segment: name,
            index: first,
            current: size,
          },
        );
      }
      return new BatchReader(seg, layout, first, count, recordsPerBatch(layout), attribute);
    } catch (err) {
      seg.close();
      throw err;
    }
  }

  /** The first record of each batch, in order. */
  *starts(): Generator<number> {
    for (let i = this.first; i < this.first + this.count; i += this.per) yield i;
  }

  /** Copies the batch from record `i` under the shared lock, waiting for it; `doing` words a shrink. */
  copy(i: number, doing = 'read'): RawBatch {
    this.seg.lock('shared');
    return this.copyLocked(i, doing);
  }

  /**
   * The same, waiting for the lock without blocking the event loop, so that `signal` can stop the
   * wait. With `skipHoles`, a batch that lies in a hole is not read (see {@link RawBatch.hole}).
   */
  async copyAsync(i: number, signal?: AbortSignal, doing = 'read', skipHoles = false): Promise<RawBatch> {
    await this.seg.lockAsync('shared', signal);
    return this.copyLocked(i, doing, skipHoles);
  }

  private copyLocked(i: number, doing: string, skipHoles = false): RawBatch {
    const n = Math.min(this.per, this.first + this.count - i);
    const { seg, layout } = this;
    const start = i * layout.size;
    const length = n * layout.size;
    const short = (size: number) => `${seg.name} shrank to ${size} bytes while being ${doing}`;
    // Described anew (--relayout, or a new segment's first write) since its layout was read: the
    // bytes may be of the other layout. Checked under the lock, where a writer changes both.
    if (this.described !== undefined && !sameAttribute(this.described, seg.storedLayout())) {
      seg.lock('unlock');
      throw new ShmError('EAGAIN', `${seg.name} was described anew while being ${doing}: run again`, { segment: seg.name });
    }
    const batch = (view: DataView, hole: boolean): RawBatch => ({
      firstIndex: i,
      count: n,
      view,
      done: i + n - this.first,
      total: this.count,
      hole,
      layout,
    });
    try {
      if (skipHoles && this.inHole(start, start + length)) {
        const size = seg.size();
        if (size < start + length) throw new ShmError('ERANGE_RECORD', short(size), { segment: seg.name, current: size });
        if (!this.zeroed) this.buffer.fill(0);
        this.zeroed = true;
        return batch(new DataView(this.buffer.buffer, this.buffer.byteOffset, length), true);
      }
      this.zeroed = false;
      return batch(copyChecked(seg, start, length, short, this.buffer), false);
    } finally {
      seg.lock('unlock');
    }
  }

  /**
   * Whether [start, end) is all hole. One lseek finds the end of a hole that spans many batches;
   * it holds for the batches after it in the same pass (a batch at or before it begins a new pass).
   */
  private inHole(start: number, end: number): boolean {
    if (start > this.lookedFrom && end <= this.holeEnd) return true;
    const data = this.seg.nextData(start);
    this.lookedFrom = start;
    this.holeEnd = data === -1 ? Infinity : data;
    return end <= this.holeEnd;
  }
}

/**
 * Reads records in batches of about 1 MiB, read-only, never past the segment's real end. Opening
 * and bounds are checked before the first batch is returned, so errors come before any output.
 * Each batch is copied under a shared flock, so it is one consistent snapshot against writers
 * that take the lock; between batches, writers can go on.
 */
export function readRecords(options: ReadOptions): Iterable<RecordBatch> {
  const reader = BatchReader.open(options);
  return (function* () {
    const { seg, layout } = reader;
    try {
      for (const i of reader.starts()) {
        const { view, count } = reader.copy(i);
        yield { firstIndex: i, records: Array.from({ length: count }, (_, k) => decodeRecord(layout, view, k * layout.size)) };
      }
    } finally {
      seg.close();
    }
  })();
}

/**
 * Streams records to `onBatch` as raw bytes, batch by batch, as {@link readRecords} reads them; a
 * batch's bytes are valid only until `onBatch` returns. Waits for the lock without blocking the
 * event loop, and stops between batches once `signal` is aborted. Returns how many records it passed on.
 */
export async function streamRecords(options: ReadOptions & { signal?: AbortSignal }, onBatch: (batch: RawBatch) => void): Promise<number> {
  const reader = BatchReader.open(options);
  const { seg, count } = reader;
  try {
    for (const i of reader.starts()) {
      const batch = await reader.copyAsync(i, options.signal);
      onBatch(batch);
      if (batch.done === count) break;
      // Lets a pending Ctrl-C be seen between batches.
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) throw ShmError.interrupted(`after ${batch.done} of ${count} records`, seg.name);
    }
    return count;
  } finally {
    seg.close();
  }
}

/**
 * Copies [offset, offset + length) out of a segment whose lock the caller holds, after checking
 * under that lock that the segment still reaches that far; else, or if a program that does not
 * take the lock shrank it since, an ERANGE_RECORD error with the message `short` makes of the size.
 */
export function copyChecked(seg: Segment, offset: number, length: number, short: (size: number) => string, into?: Uint8Array): DataView {
  const size = seg.size();
  if (size < offset + length) throw new ShmError('ERANGE_RECORD', short(size), { segment: seg.name, current: size });
  const bytes = seg.read(offset, length, into);
  // Shrunk since, by a program that does not take the lock: what could not be read is reported, never faulted on.
  if (bytes.length < length) {
    const now = Math.min(seg.size(), offset + bytes.length);
    throw new ShmError('ERANGE_RECORD', short(now), { segment: seg.name, current: now });
  }
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
