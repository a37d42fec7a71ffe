import { decodeRecord } from '../model/codec';
import { quote, ShmError } from '../model/errors';
import type { Layout, RecordInput, RecordValues, TypedLayout } from '../model/layout';
import { describeValue, parseName, parseSize, recordOffset } from '../model/limits';
import { checkRecord } from '../model/values';
import { Segment, type CreatePolicy } from '../shm/segment';
import { copyChecked } from './read';
import { writeLocked } from './room';
import type { AttributeWrite } from '../shm/libc';
import { lockedLayout, recreatedLayout, segmentLayout, type LayoutSource, type SegmentLayout } from './segment-layout';
import { fillRecord } from './write-record';

/** How {@link SharedRecords.open} opens a segment. */
export interface SharedRecordsOptions {
  /** `never` (the default with `readOnly`), `if-missing` (the default otherwise), `exclusive` or `recreate`. */
  readonly create?: CreatePolicy;
  /** Open read-only: reads only, and the segment is mapped read-only. */
  readonly readOnly?: boolean;
  /** Permissions of a segment this open creates, exactly, whatever the umask. Default 0o600. */
  readonly mode?: number;
  /** Size of a segment this open creates, in bytes or as `64K`, `4G`...; it still grows as records are written. */
  readonly size?: number | string;
  /** Opened to write with a layout, store it with a segment that stores another, instead of refusing it. */
  readonly relayout?: boolean;
}

/** Whether open's second argument is a layout rather than options. */
function isLayout(value: unknown): value is Layout {
  return typeof value === 'object' && value !== null && Array.isArray((value as Layout).fields);
}

const OPTIONS: ReadonlySet<string> = new Set(['create', 'readOnly', 'mode', 'size', 'relayout']);

/** Options of the wrong type, or that do not go together, are usage errors before any system call. */
function checkOptions(options: unknown): SharedRecordsOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw ShmError.usage(`the second argument is a layout (from layout() or parseLayout()) or the options, not ${describeValue(options)}`);
  const o = options as Record<string, unknown>;
  const unknown = Object.keys(o).find((key) => !OPTIONS.has(key));
  if (unknown !== undefined) throw ShmError.usage(`there is no option ${quote(unknown)}: the options are ${[...OPTIONS].join(', ')}`);
  for (const key of ['readOnly', 'relayout'])
    if (o[key] !== undefined && typeof o[key] !== 'boolean') throw ShmError.usage(`${key} is true or false, not ${describeValue(o[key])}`);
  if (
    o.readOnly === true &&
    ((o.create !== undefined && o.create !== 'never') || o.mode !== undefined || o.size !== undefined || o.relayout === true)
  )
    throw ShmError.usage('readOnly opens a segment that exists, as it is: it takes no create, mode, size or relayout');
  return o as SharedRecordsOptions;
}

/**
 * A segment seen as an array of records of one layout: the typed library API. Reads take the
 * shared flock and writes the exclusive one, as the tools do; writes reserve their pages first, and
 * a failed write changes nothing. Errors are {@link ShmError}s with the same codes as the tools'.
 */
export class SharedRecords<R extends RecordValues = RecordValues> {
  private constructor(
    private readonly segment: Segment,
    /** The layout of every record. */
    readonly layout: Layout,
    /** Where the layout came from: given to {@link open}, stored with the segment, or the default. */
    readonly source: LayoutSource,
    /** What became of the layout where this open stored it with the segment (`too-large`: readers will need it given). */
    readonly layoutStored?: AttributeWrite,
  ) {}

  /**
   * Opens (or creates) the segment `name` (`my_shm` or `/my_shm`), for records of `layout`, or,
   * where none is given, of the layout stored with the segment (MyData where it stores none).
   * Arguments are checked before any system call. Opened to write, a segment created is described
   * with its layout, as is one that stores none; one that stores another is refused (a usage error,
   * reason `other-layout`) unless `relayout` asks to describe it anew.
   *
   * @example
   * const ticks = SharedRecords.open('ticks', Tick, { create: 'exclusive', size: '4K' });
   * const same = SharedRecords.open('ticks', { readOnly: true }); // the layout stored with it
   */
  static open<R extends RecordValues>(name: string, layout: TypedLayout<R>, options?: SharedRecordsOptions): SharedRecords<R>;
  static open(name: string, options?: SharedRecordsOptions): SharedRecords;
  static open(name: string, layoutOrOptions?: Layout | SharedRecordsOptions, more?: SharedRecordsOptions): SharedRecords {
    const given = isLayout(layoutOrOptions) ? layoutOrOptions : undefined;
    const options = checkOptions((given === undefined ? layoutOrOptions : more) ?? {});
    const shmName = parseName(name);
    const size = typeof options.size === 'string' ? parseSize(options.size) : options.size;
    if (size !== undefined && (!Number.isSafeInteger(size) || size < 1))
      throw ShmError.usage(`size must be a whole number of bytes, at least 1, not ${size}`);
    const create = options.create ?? 'if-missing';
    const relayout = options.relayout === true;
    const segment = options.readOnly
      ? Segment.open(shmName, { access: 'read' })
      : Segment.open(shmName, { access: 'write', create, mode: options.mode });
    // The layout is the one of the segment open, read from its descriptor, checked and stored under the lock.
    let found: SegmentLayout;
    let describe: () => AttributeWrite | undefined = () => undefined;
    try {
      if (segment.writable) segment.lock('exclusive');
      // A recreate keeps the layout of the segment it replaces, as shm-writer --recreate does.
      found = create === 'recreate' ? recreatedLayout(shmName, given) : segmentLayout(shmName, given, { segment });
      if (segment.writable) describe = lockedLayout(segment, found.layout, { given: given !== undefined, relayout });
    } catch (err) {
      segment.close();
      throw err;
    }
    let layoutStored: AttributeWrite | undefined;
    try {
      if (segment.created && size !== undefined) segment.resize(size);
      layoutStored = describe();
      segment.publish();
      if (segment.writable) segment.lock('unlock');
    } catch (err) {
      if (segment.created) segment.discard();
      else segment.close();
      throw err;
    }
    return new SharedRecords(segment, found.layout, found.source, layoutStored);
  }

  /** The segment's name, with its leading slash. */
  get name(): string {
    return this.segment.name;
  }

  /** How many whole records the segment holds now. */
  get length(): number {
    return Math.floor(this.segment.size() / this.layout.size);
  }

  /** Reads record `index`, as one consistent snapshot. */
  read(index: number): R {
    const offset = recordOffset(this.layout, index);
    this.segment.lock('shared');
    try {
      const past = (size: number) =>
        `record ${index} is past the end: ${this.name} holds ${Math.floor(size / this.layout.size)} whole records`;
      return decodeRecord(this.layout, copyChecked(this.segment, offset, this.layout.size, past), 0) as R;
    } finally {
      this.segment.lock('unlock');
    }
  }

  /**
   * Writes the given fields of record `index`, growing the segment to hold it; fields not given
   * keep their bytes (zero in a new record). Returns the record as it now reads.
   */
  write(index: number, values: RecordInput<R>): R {
    if (!this.segment.writable)
      throw new ShmError('EBADF', `${this.name} is open read-only: open it without readOnly to write`, { segment: this.name });
    const offset = recordOffset(this.layout, index);
    checkRecord(this.layout, values as Partial<RecordValues>);
    this.segment.lock('exclusive');
    try {
      const fill = fillRecord(this.layout, values as Partial<RecordValues>);
      const done = writeLocked(this.segment, offset, this.layout.size, {}, () => this.segment.update(offset, this.layout.size, fill));
      if (done === null) throw this.segment.removedError('written');
      return done.result as R;
    } finally {
      this.segment.lock('unlock');
    }
  }

  /** Iterates the records from `from`, each read as {@link read} does, up to the end as it is when each is read. */
  *records(from = 0): IterableIterator<R> {
    for (let i = from; i < this.length; i++) yield this.read(i);
  }

  /** Closes the descriptor. The segment stays; remove it with {@link SharedRecords.unlink}. */
  close(): void {
    this.segment.close();
  }

  /** Removes the segment `name`; processes that have it open keep it until they close it. */
  static unlink(name: string): void {
    Segment.unlink(parseName(name));
  }
}
