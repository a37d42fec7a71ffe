import { ShmError } from '../model/errors';
import { MY_DATA, type Layout } from '../model/layout';
import { layoutSpec, parseStoredLayout, sameLayout, storedLayoutText } from '../model/layout-spec';
import { readLayoutAttribute, writeLayoutAttribute } from '../shm/layout-attribute';

/** Where the layout in use came from: given by the caller, stored with the segment, or the default (MyData). */
export type LayoutSource = 'given' | 'stored' | 'default';

/** The layout to use with a segment, where it came from, and what the segment itself says. */
export interface SegmentLayout {
  readonly layout: Layout;
  readonly source: LayoutSource;
  /** The layout stored with the segment: null where none is, `unsupported` where /dev/shm keeps no user attributes. */
  readonly stored: Layout | null | 'unsupported';
}

/**
 * The layout for segment `name` (validated, with its slash): `given` if there is one, else the one
 * stored with the segment, else MyData. A segment that does not exist has none stored; one whose
 * attribute is not a layout is an error, unless a layout is given (it then counts as none stored).
 */
export function segmentLayout(name: string, given?: Layout): SegmentLayout {
  const text = readLayoutAttribute(name);
  const stored = text === null || text === 'unsupported' ? text : given === undefined ? parseStoredLayout(text, name) : usable(text, name);
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

function usable(text: string, name: string): Layout | null {
  try {
    return parseStoredLayout(text, name);
  } catch {
    return null;
  }
}

/**
 * Stores the layout in use with the segment after a write, for readers to find: where the write
 * created the segment, or was given a layout the segment stores none of (or, with `relayout`,
 * another one). Where /dev/shm keeps no user attributes, nothing is stored and nothing fails.
 */
export function keepLayout(name: string, { layout, source, stored }: SegmentLayout, created: boolean, relayout: boolean): void {
  if (stored === 'unsupported') return;
  if (created || (source === 'given' && (stored === null || (relayout && !sameLayout(layout, stored))))) describeSegment(name, layout);
}

/** Stores `layout` with segment `name`, for readers to find; false where /dev/shm keeps no user attributes. */
export function describeSegment(name: string, layout: Layout): boolean {
  return writeLayoutAttribute(name, storedLayoutText(layout));
}
