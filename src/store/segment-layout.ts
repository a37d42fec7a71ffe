import { ShmError } from '../model/errors';
import { MY_DATA, type Layout } from '../model/layout';
import { layoutSpec, parseStoredLayout, sameLayout, storedLayoutText } from '../model/layout-spec';
import { parseName } from '../model/limits';
import { lstatSync } from 'node:fs';
import { readLayoutAttribute } from '../shm/layout-attribute';
import { shmFile } from '../shm/shm-file';
import type { AttributeRead, AttributeWrite } from '../shm/libc';
import { Segment } from '../shm/segment';

/** Where the layout in use came from: given by the caller, stored with the segment, or the default (MyData). */
export type LayoutSource = 'given' | 'stored' | 'default';

/** The layout to use with a segment, where it came from, and what the segment itself says. */
export interface SegmentLayout {
  readonly layout: Layout;
  readonly source: LayoutSource;
  /** The layout stored with the segment: null where none is, `unsupported` where /dev/shm keeps no user attributes. */
  readonly stored: Layout | null | 'unsupported';
  /** The attribute's text, where it holds something that is not a layout (then `stored` is null). */
  readonly unreadable?: string;
  /** This user may not read what the segment stores (then `stored` is null). */
  readonly denied?: boolean;
  /** The attribute as it was read, where it was (a layout given, or one read by name, may leave it out). */
  readonly attribute?: AttributeRead;
}

/** How {@link segmentLayout} looks: `lenient` shows an attribute that holds no layout, `segment` reads the one open. */
export interface LayoutLookup {
  readonly lenient?: boolean;
  /** The segment open: its own attribute is read (from its descriptor), whatever is under its name now. */
  readonly segment?: Segment;
}

/**
 * The layout for segment `name` (`my_shm` or `/my_shm`): `given` if there is one, else the one
 * stored with the segment, else MyData. A segment that does not exist has none stored. One whose
 * attribute is not a layout is a usage error, unless a layout is given or `lenient` asks to see it
 * (`unreadable`): then it counts as none stored.
 */
export function segmentLayout(name: string, given?: Layout, { lenient = false, segment }: LayoutLookup = {}): SegmentLayout {
  const shmName = parseName(name);
  const read = segment === undefined ? readLayoutAttribute(shmName) : segment.storedLayout();
  const found = (): SegmentLayout => {
    if (read === 'denied') return { ...inUse(given, null), denied: true };
    if (typeof read !== 'object') return inUse(given, read === 'absent' ? null : read);
    try {
      return inUse(given, parseStoredLayout(read.text, shmName));
    } catch (err) {
      if (given === undefined && !lenient) throw err;
      return { ...inUse(given, null), unreadable: read.text };
    }
  };
  return { ...found(), attribute: read };
}

/**
 * The layout a recreate of segment `name` uses: `given`, else the one stored with the segment it
 * replaces where this user owns that one (another user's, a squatter's, is not taken on), else MyData.
 */
export function recreatedLayout(name: string, given?: Layout): SegmentLayout {
  const shmName = parseName(name);
  if (given !== undefined) return inUse(given, null);
  const old = lstatSync(shmFile(shmName), { throwIfNoEntry: false });
  return old !== undefined && old.uid === process.getuid?.() ? segmentLayout(shmName) : inUse(undefined, null);
}

/** The layout in use where `stored` is what the segment stores: `given`, else the stored one, else MyData. */
export function inUse(given: Layout | undefined, stored: SegmentLayout['stored']): SegmentLayout {
  if (given !== undefined) return { layout: given, source: 'given', stored };
  return stored === null || stored === 'unsupported'
    ? { layout: MY_DATA, source: 'default', stored }
    : { layout: stored, source: 'stored', stored };
}

/**
 * Checks that writing with `layout` agrees with the layout stored with the segment, unless
 * `relayout` says it is to be described anew: a usage error (reason `other-layout`) that says both.
 */
export function checkLayoutAgrees(name: string, found: SegmentLayout, relayout: boolean): void {
  const { layout, stored } = found;
  if (relayout || stored === null || stored === 'unsupported' || sameLayout(layout, stored)) return;
  const text = (l: Layout) => `${layoutSpec(l)}${l.packed ? ' (packed)' : ''}`;
  throw ShmError.usage(`${name} is described as ${text(stored)}, not ${text(layout)}`, { segment: name, reason: 'other-layout' });
}

/** How a write treats the layout stored with the segment. */
export interface LayoutWrite {
  /** The layout was given by the caller: it describes a segment that stores none. */
  readonly given: boolean;
  /** Describe the segment anew with it where it stores another, rather than refuse to write. */
  readonly relayout: boolean;
}

/**
 * For a write to `seg` under its exclusive lock: checks that the layout stored with the segment
 * open (read from its descriptor, so that one replaced or described meanwhile is seen) agrees with
 * `layout`, unless `relayout` (a usage error, reason `other-layout`). Returns what to run once the
 * bytes are written, still under the lock: it stores `layout` with a segment this write created,
 * or, where the layout was given, with one that stores none (or, with `relayout`, another), and
 * says what became of it. A layout that cannot be stored removes the one it replaces, which would
 * describe the new bytes wrongly.
 */
export function lockedLayout(seg: Segment, layout: Layout, { given, relayout }: LayoutWrite): () => AttributeWrite | undefined {
  // Given, an attribute that is not a layout counts as none; else it is refused, as readers refuse it.
  const { stored, attribute: read } = segmentLayout(seg.name, given ? layout : undefined, { segment: seg });
  checkLayoutAgrees(seg.name, { layout, source: given ? 'given' : 'stored', stored }, relayout);
  return () => {
    if (stored === 'unsupported') return undefined;
    const wanted = storedLayoutText(layout);
    const anew = stored === null || (relayout && storedLayoutText(stored) !== wanted);
    if (!(seg.created && stored === null) && !(given && anew)) return undefined;
    const done = seg.describe(wanted);
    if (done !== 'stored' && typeof read === 'object') seg.forgetLayout();
    return done;
  };
}

/**
 * Stores `layout` with the existing segment `name` (`my_shm` or `/my_shm`), in place of any it
 * stores, under the segment's exclusive lock as a write does, and says what became of it.
 */
export function describeSegment(name: string, layout: Layout): AttributeWrite | undefined {
  const seg = Segment.open(parseName(name), { access: 'read' });
  try {
    seg.lock('exclusive');
    return lockedLayout(seg, layout, { given: true, relayout: true })();
  } finally {
    seg.close();
  }
}

/** Whether two reads of an attribute found the same: the same text, or none for the same reason. */
export function sameAttribute(a: AttributeRead | undefined, b: AttributeRead | undefined): boolean {
  return typeof a === 'object' && typeof b === 'object' ? a.text === b.text : a === b;
}
