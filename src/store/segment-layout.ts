import { ShmError } from '../model/errors';
import { MY_DATA, type Layout } from '../model/layout';
import { layoutSpec, parseStoredLayout, sameLayout, storedLayoutText } from '../model/layout-spec';
import { readLayoutAttribute } from '../shm/layout-attribute';
import type { AttributeWrite } from '../shm/libc';
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
}

/**
 * The layout for segment `name` (validated, with its slash): `given` if there is one, else the one
 * stored with the segment, else MyData. A segment that does not exist has none stored. One whose
 * attribute is not a layout is a usage error, unless a layout is given or `lenient` asks to see it
 * (`unreadable`): then it counts as none stored.
 */
export function segmentLayout(name: string, given?: Layout, { lenient = false } = {}): SegmentLayout {
  const text = readLayoutAttribute(name);
  if (text === null || text === 'unsupported') return inUse(given, text);
  try {
    return inUse(given, parseStoredLayout(text, name));
  } catch (err) {
    if (given === undefined && !lenient) throw err;
    return { ...inUse(given, null), unreadable: text };
  }
}

function inUse(given: Layout | undefined, stored: SegmentLayout['stored']): SegmentLayout {
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

/**
 * Which segments a write stores its layout with, for readers to find: `new`, a segment it creates
 * (before its first byte is written, so that a run that fails later still leaves it described);
 * `always`, an existing one too, once written.
 */
export type Describe = 'new' | 'always';

/**
 * How a write with the layout `found` stores it: `always` where the layout was given and the
 * segment stores none (or, with `relayout`, another one), else `new`; never where /dev/shm keeps no
 * user attributes.
 */
export function describeMode({ layout, source, stored }: SegmentLayout, relayout: boolean): Describe | undefined {
  if (stored === 'unsupported') return undefined;
  const anew = stored === null || (relayout && storedLayoutText(layout) !== storedLayoutText(stored));
  return source === 'given' && anew ? 'always' : 'new';
}

/**
 * Stores `layout` with `seg` where `describe` asks it at this stage of a write: `opened`, for a
 * segment the open created; `written`, for an existing one. Says what became of it, where it tried.
 */
export function keepLayout(
  seg: Segment,
  layout: Layout,
  describe: Describe | undefined,
  stage: 'opened' | 'written',
): AttributeWrite | undefined {
  const now = stage === 'opened' ? describe !== undefined && seg.created : describe === 'always' && !seg.created;
  return now ? seg.describe(storedLayoutText(layout)) : undefined;
}

/** Stores `layout` with the existing segment `name` (validated, with its slash), for readers to find, and says what became of it. */
export function describeSegment(name: string, layout: Layout): AttributeWrite {
  const seg = Segment.open(name, { access: 'read' });
  try {
    return seg.describe(storedLayoutText(layout));
  } finally {
    seg.close();
  }
}
