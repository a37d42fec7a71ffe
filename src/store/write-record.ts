import { decodeRecord, encodeRecord } from '../model/codec';
import { ShmError } from '../model/errors';
import type { Layout, RecordValues } from '../model/layout';
import { describeValue, recordOffset } from '../model/limits';
import { checkRecord } from '../model/values';
import { OPEN_RETRIES, Segment, type CreatePolicy } from '../shm/segment';
import type { AttributeWrite } from '../shm/libc';
import { writeLocked } from './room';
import { lockedLayout, type LayoutWrite } from './segment-layout';

/** What {@link writeRecord} should do. The name must come from `parseName`. */
export interface WriteOptions {
  readonly name: string;
  readonly layout: Layout;
  /** Record slot: the record lies at byte `index × layout.size`. */
  readonly index: number;
  /** The fields to write; the others keep their bytes (zero in new space). */
  readonly values: Partial<RecordValues>;
  /** Written instead when `values` is empty and this call creates the segment: a new segment's first record. */
  readonly initial?: Partial<RecordValues>;
  /** False: write no record, only create or size the segment (`index` and the values are not used). Default true. */
  readonly record?: boolean;
  /** Size for a new segment, or to grow an existing one to. Default: just enough for the record. */
  readonly size?: number;
  /** Allows `size` to shrink an existing segment. */
  readonly truncate?: boolean;
  readonly create: CreatePolicy;
  /** Permissions of a new segment. Default 0o600. */
  readonly mode?: number;
  /** Check the write against the layout stored with the segment, and store it (see {@link lockedLayout}); neither where not given. */
  readonly layoutWrite?: LayoutWrite;
}

/** What {@link writeRecord} did. */
export interface WriteResult {
  readonly name: string;
  readonly index: number;
  /** The segment's size after the write. */
  readonly size: number;
  readonly created: boolean;
  /** The segment's size before, 0 when this call created it. */
  readonly sizeBefore: number;
  /** The fields written, in layout order: none when the record was left as it was. */
  readonly written: readonly string[];
  /** The record as it now reads back from the segment. */
  readonly record: RecordValues;
  /** What became of the layout, where `describe` had it stored. */
  readonly layoutStored?: AttributeWrite;
}

/**
 * Writes one record into a segment, creating or growing it as asked. A failed call changes
 * nothing: a segment it created is removed, one it grew is cut back, no record byte is written.
 */
export function writeRecord(options: WriteOptions): WriteResult {
  checkWriteOptions(options);
  const { name, index, size, layout } = options;
  const record = options.record !== false;
  const offset = record ? recordOffset(layout, index) : 0;
  const length = record ? layout.size : 0;
  const needed = offset + length;
  checkRecord(layout, options.values);
  if (options.initial !== undefined) checkRecord(layout, options.initial);
  if (size !== undefined && size < needed) {
    throw ShmError.usage(`a size of ${size} is too small: record ${index} ends at byte ${needed}`, {
      segment: name,
      reason: 'size-too-small',
      size,
      index,
      needed,
    });
  }
  // A writer that created the name and then failed may remove it while we wait for the lock:
  // then open the name anew, rather than write into a file nobody can see.
  for (let attempt = 0; ; attempt++) {
    const seg = Segment.open(name, { access: 'write', create: options.create, mode: options.mode });
    try {
      seg.lock('exclusive');
      const describe = options.layoutWrite && lockedLayout(seg, layout, options.layoutWrite);
      const sizeBefore = seg.created ? 0 : seg.size();
      const values = !record ? {} : Object.keys(options.values).length === 0 && seg.created ? (options.initial ?? {}) : options.values;
      const written = layout.fields.filter((f) => Object.hasOwn(values, f.name)).map((f) => f.name);
      // The layout is stored with the bytes, before a recreated segment is put under its name: a failure undoes both.
      const done = writeLocked(seg, offset, length, { size, truncate: options.truncate, fresh: seg.created }, () => {
        const result = record
          ? seg.update(offset, length, fillRecord(layout, values))
          : decodeRecord(layout, new DataView(new ArrayBuffer(layout.size)), 0);
        return { result, layoutStored: describe?.() };
      });
      if (done !== null) {
        const { result, layoutStored } = done.result;
        return { name, index, size: done.size, created: seg.created, sizeBefore, written, record: result, layoutStored };
      }
      if (attempt === OPEN_RETRIES) throw seg.removedError('written');
    } finally {
      seg.close();
    }
  }
}

/** Options of the wrong type are usage errors before any system call: a size of NaN must not empty a segment. */
function checkWriteOptions(options: WriteOptions): void {
  const { size, index, values } = options;
  if (size !== undefined && !(Number.isSafeInteger(size) && size >= 0))
    throw ShmError.usage(`size is a whole number of bytes, not ${describeValue(size)}`);
  if (!Number.isSafeInteger(index) || index < 0) throw ShmError.usage(`index is a record number, 0 or more, not ${describeValue(index)}`);
  if (typeof values !== 'object' || values === null) throw ShmError.usage(`values are an object of fields, not ${describeValue(values)}`);
}

/** Writes the given fields into one record's bytes (the others keep theirs), and reads the record back. */
export function fillRecord(layout: Layout, values: Partial<RecordValues>): (bytes: Uint8Array) => RecordValues {
  return (bytes) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    encodeRecord(layout, values, view, 0);
    return decodeRecord(layout, view, 0);
  };
}
