import { checkRecord, decodeRecord, encodeRecord } from './codec';
import { MY_DATA, type Layout, type RecordValues } from './layout';
import { ShmError } from './errors';
import { MAX_BYTES } from './parse';
import { interrupted, Segment, type CreatePolicy } from './segment';

/** What {@link writeRecord} should do. The name must come from `parseName`. */
export interface WriteOptions {
  readonly name: string;
  readonly layout?: Layout;
  /** Record slot: the record lies at byte `index × layout.size`. */
  readonly index: number;
  readonly values: Partial<RecordValues>;
  /** Size for a new segment, or to grow an existing one to. Default: just enough for the record. */
  readonly size?: number;
  /** Allows `size` to shrink an existing segment. */
  readonly truncate?: boolean;
  readonly create: CreatePolicy;
  /** Permissions of a new segment. Default 0o600. */
  readonly mode?: number;
}

/** What {@link writeRecord} did. */
export interface WriteResult {
  readonly name: string;
  readonly index: number;
  /** The segment's size after the write. */
  readonly size: number;
  readonly created: boolean;
  /** The record as it now reads back from the segment. */
  readonly record: RecordValues;
}

/** Byte offset of record `index`, checked to stay within what we address exactly. */
export function recordOffset(layout: Layout, index: number): number {
  const end = (index + 1) * layout.size;
  if (!Number.isSafeInteger(index) || index < 0 || end > MAX_BYTES) {
    throw ShmError.usage(`record index ${index} is out of range: ${layout.size}-byte records end by byte ${MAX_BYTES}`);
  }
  return index * layout.size;
}

/**
 * Writes one record into a segment, creating or growing it as asked. A failed call changes
 * nothing: a segment it created is removed, one it grew is cut back, no record byte is written.
 */
export function writeRecord(options: WriteOptions): WriteResult {
  const layout = options.layout ?? MY_DATA;
  const { name, index, size } = options;
  const offset = recordOffset(layout, index);
  const needed = offset + layout.size;
  checkRecord(layout, options.values);
  if (size !== undefined && size < needed) {
    throw ShmError.usage(`--size ${size} is too small: record ${index} ends at byte ${needed}`, name);
  }

  // A writer that created the name and then failed may remove it while we wait for the lock:
  // then open the name anew, rather than write into a file nobody can see.
  for (let attempt = 0; ; attempt++) {
    const seg = Segment.open(name, { access: 'write', create: options.create, mode: options.mode });
    try {
      seg.lock('exclusive');
      const done = writeLocked(seg, offset, layout.size, { size, truncate: options.truncate, fresh: seg.created }, fillRecord(layout, options.values));
      if (done !== null) return { name, index, size: done.size, created: seg.created, record: done.result };
      if (attempt === 3) throw seg.removedError('written');
    } finally {
      seg.close();
    }
  }
}

/** Writes the given fields into one record's bytes (the others keep theirs), and reads the record back. */
export function fillRecord(layout: Layout, values: Partial<RecordValues>): (bytes: Uint8Array) => RecordValues {
  return (bytes) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    encodeRecord(layout, values, view, 0);
    return decodeRecord(layout, view, 0);
  };
}

/** How {@link writeLocked} treats the segment's size. */
export interface RoomPlan {
  /** Size to give the segment: never below the write's end; below its current size only with `truncate`. */
  readonly size?: number;
  readonly truncate?: boolean;
  /** This process created the segment for this write: if it is still empty and the write fails, remove it. */
  readonly fresh?: boolean;
}

/**
 * The one way every writer writes, under its exclusive lock: reserves the pages of
 * [offset, offset + length) (so a full /dev/shm fails before any size changes), sizes the segment
 * by `plan`, then has `fill` write the bytes. A failure undoes it all. Returns null, changing
 * nothing, when the segment's name was removed while the caller waited for the lock.
 */
export function writeLocked<T>(seg: Segment, offset: number, length: number, plan: RoomPlan, fill: (bytes: Uint8Array) => T): { size: number; result: T } | null {
  const { size: before, removed } = seg.status();
  if (removed) return null;
  const { size, truncate = false } = plan;
  try {
    if (size !== undefined && size < before && !truncate) {
      throw ShmError.usage(`${seg.name} is ${before} bytes; --size ${size} would shrink it (add --truncate to allow that)`, seg.name);
    }
    seg.reserve(offset, length); // extends the segment to offset + length if it was shorter
    const reached = Math.max(before, offset + length);
    const target = size === undefined ? reached : Math.max(size, offset + length);
    if (target !== reached) seg.resize(target);
    return { size: target, result: seg.update(offset, length, fill) };
  } catch (err) {
    undo(seg, before, plan.fresh === true && before === 0);
    throw err;
  }
}

/** Undoes a failed write: removes a fresh, still empty segment, else gives the segment back its size. */
function undo(seg: Segment, before: number, fresh: boolean): void {
  try {
    if (fresh) seg.discard();
    else if (seg.size() !== before) seg.resize(before);
  } catch {
    // The original error is the one to report.
  }
}

/** What {@link readRecords} should read. The name must come from `parseName`. */
export interface ReadOptions {
  readonly name: string;
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
}

/** How many bytes of records one batch reads. */
const BATCH_BYTES = 1 << 20;

interface ReadPlan {
  readonly seg: Segment;
  readonly layout: Layout;
  readonly first: number;
  readonly count: number;
  /** Records per batch. */
  readonly per: number;
}

/** Opens the segment read-only and checks that it holds the records asked for. */
function planRead(options: ReadOptions): ReadPlan {
  const layout = options.layout ?? MY_DATA;
  const { name } = options;
  const first = options.index ?? 0;
  recordOffset(layout, first);
  const seg = Segment.open(name, { access: 'read' });
  try {
    const size = seg.size();
    const total = Math.floor(size / layout.size);
    if (total === 0) {
      throw new ShmError('ERANGE_RECORD', `${name} is ${size} bytes, shorter than one ${layout.size}-byte ${layout.name} record`, undefined, name);
    }
    const count = options.count === 'all' ? total - first : options.count ?? 1;
    if (first >= total || first + count > total) {
      const asked = count > 1 && first < total ? `records ${first} to ${first + count - 1} go` : `record ${first} is`;
      throw new ShmError('ERANGE_RECORD', `${asked} past the end: ${name} holds ${total} whole ${layout.size}-byte records (0 to ${total - 1})`, undefined, name);
    }
    return { seg, layout, first, count, per: Math.max(1, Math.floor(BATCH_BYTES / layout.size)) };
  } catch (err) {
    seg.close();
    throw err;
  }
}

/**
 * Reads records in batches of about 1 MiB, read-only, never past the segment's real end. Opening
 * and bounds are checked before the first batch is returned, so errors come before any output.
 * Each batch is copied under a shared flock, so it is one consistent snapshot against writers
 * that take the lock; between batches, writers can go on.
 */
export function readRecords(options: ReadOptions): Iterable<RecordBatch> {
  const plan = planRead(options);
  return (function* () {
    const { seg, layout, first, count, per } = plan;
    try {
      const buffer = new Uint8Array(Math.min(per, count) * layout.size);
      for (let i = first; i < first + count; i += per) {
        const n = Math.min(per, first + count - i);
        seg.lock('shared');
        const view = copyLocked(seg, layout, i, n, buffer);
        const records = Array.from({ length: n }, (_, k) => decodeRecord(layout, view, k * layout.size));
        yield { firstIndex: i, records };
      }
    } finally {
      seg.close();
    }
  })();
}

/**
 * Streams records to `onBatch` as raw bytes, batch by batch, like {@link readRecords}; a batch's
 * bytes are valid only until `onBatch` returns. Waits for
 * the lock without blocking the event loop, and stops between batches once `signal` is aborted.
 * Returns how many records it passed on.
 */
export async function streamRecords(options: ReadOptions & { signal?: AbortSignal }, onBatch: (batch: RawBatch) => void): Promise<number> {
  const { seg, layout, first, count, per } = planRead(options);
  try {
    // One buffer for every batch: `onBatch` is done with a batch before the next is copied in.
    const buffer = new Uint8Array(Math.min(per, count) * layout.size);
    for (let i = first; i < first + count; i += per) {
      const n = Math.min(per, first + count - i);
      await seg.lockAsync('shared', options.signal);
      onBatch({ firstIndex: i, count: n, view: copyLocked(seg, layout, i, n, buffer), done: i + n - first, total: count });
      if (i + n === first + count) break;
      // Lets a pending Ctrl-C be seen between batches.
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) throw interrupted(`after ${i + n - first} of ${count} records`, seg.name);
    }
    return count;
  } finally {
    seg.close();
  }
}

/** Copies `n` records from record `index` into `buffer` while holding a lock, then drops it. */
function copyLocked(seg: Segment, layout: Layout, index: number, n: number, buffer: Uint8Array): DataView {
  try {
    return copyChecked(seg, index * layout.size, n * layout.size, (size) => `${seg.name} shrank to ${size} bytes while being read`, buffer);
  } finally {
    seg.lock('unlock');
  }
}

/**
 * Copies [offset, offset + length) out of a segment whose lock the caller holds, after checking
 * under that lock that the segment still reaches that far (mapping past its end would end in
 * SIGBUS); else an ERANGE_RECORD error with the message `short` makes of the size.
 */
export function copyChecked(seg: Segment, offset: number, length: number, short: (size: number) => string, into?: Uint8Array): DataView {
  const size = seg.size();
  if (size < offset + length) throw new ShmError('ERANGE_RECORD', short(size), undefined, seg.name);
  const bytes = seg.read(offset, length, into);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
