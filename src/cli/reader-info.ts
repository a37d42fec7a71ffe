import { quote } from '../model/errors';
import { MY_DATA, UNNAMED, type Layout } from '../model/layout';
import { layoutSpec, storedLayoutText } from '../model/layout-spec';
import { isNamePattern, namePattern, parseName } from '../model/limits';
import { statSegment } from '../shm/shm-file';
import { listSegments, shmSpace, withStoredLayouts, type SegmentInfo, type ShmSpace } from '../store/info';
import type { SegmentLayout } from '../store/segment-layout';
import { toJson, type JsonObject, type JsonValue } from '../text/json';
import { columnTable, parseColumns, rawRows } from './columns';
import { EXIT } from './exit-codes';
import type { Io } from './io';
import { dateTime, humanBytes, octalMode, permissions, safe } from './render';
import { styleFor, useColor } from './style';

/** The flags that shape `--info` and `--list`. */
export interface InfoFlags {
  readonly json?: boolean;
  readonly color: boolean;
}

/** How `--list` shows its table: the columns asked for, and how (see README, `--list`). */
export interface ListOptions {
  readonly output?: string;
  readonly bytes: boolean;
  readonly heading: boolean;
  readonly raw: boolean;
  /** Only the segments of this name or shell pattern. */
  readonly match?: string;
}

/** A segment as `--info --json` and `--list --json` give it, under the columns' names. */
function segmentJson(i: SegmentInfo): JsonObject {
  const { name, size, uid, gid, group, records, recordSize } = i;
  const mode = octalMode(i.mode);
  const [modified, changed] = [i.modified.toISOString(), i.changed.toISOString()];
  return {
    name,
    size,
    used: i.allocated,
    mode,
    perms: permissions(i.mode),
    owner: i.user,
    uid,
    group,
    gid,
    modified,
    changed,
    records,
    recordSize,
    ...(i.layout === undefined ? {} : { layout: { stored: i.layout } }),
  };
}

/** `--info`: one segment described, under the names of `--list`'s columns, with the layout in use and where it came from. */
export function info(i: SegmentInfo, found: SegmentLayout, flags: InfoFlags, io: Io): number {
  const { layout } = found;
  if (flags.json) {
    io.out(`${toJson({ ...segmentJson(i), layout: layoutJson(found) })}\n`);
    return EXIT.OK;
  }
  const style = styleFor(useColor(io.stdoutIsTTY(), flags.color, io.env));
  const fields = layout.fields.map((f) => [safe(f.name), f.type, `offset ${f.offset}`, `size ${f.size}`]);
  const named = layout.name !== UNNAMED;
  const widths = [0, 1, 2].map((k) => Math.max(...fields.map((row) => row[k].length)));
  const lines = [
    style.name(safe(i.name)),
    `  size      ${humanBytes(i.size)} (${i.size} bytes)`,
    `  used      ${humanBytes(i.allocated)} of /dev/shm`,
    `  mode      ${octalMode(i.mode)} ${permissions(i.mode)}`,
    `  owner     ${safe(i.user ?? String(i.uid))} (${i.uid}), group ${safe(i.group ?? String(i.gid))} (${i.gid})`,
    `  modified  ${dateTime(i.modified)}`,
    `  layout    ${layoutOrigin(found)}: ${named ? `${layout.name}, ` : ''}${layout.size}-byte records${layout.packed ? ', packed' : ''}`,
    ...fields.map((row) => `    ${row.map((t, k) => (k < 3 ? t.padEnd(widths[k]) : t)).join('  ')}`),
    `  records   ${i.records} whole ${layout.size}-byte records`,
  ];
  io.out(`${lines.join('\n')}\n`);
  return EXIT.OK;
}

/** Where the layout in use came from, in words. */
function layoutOrigin({ source, stored, unreadable, denied }: SegmentLayout): string {
  switch (source) {
    case 'stored':
      return 'stored with it';
    case 'given':
      return stored === null || stored === 'unsupported' ? 'given with --layout' : 'given with --layout (it stores another)';
    case 'default':
      if (unreadable !== undefined) return `the default (what it stores is not a layout: ${safe(quote(unreadable))})`;
      if (denied === true) return 'the default (what it stores may not be read by you)';
      return stored === 'unsupported' ? 'the default (/dev/shm keeps no layouts here)' : 'the default (none stored with it)';
  }
}

/** The layout in use as `--info --json` gives it, with where it came from and what the segment stores. */
function layoutJson({ layout, source, stored, unreadable, denied = false }: SegmentLayout): JsonValue {
  return {
    source,
    name: layout.name === UNNAMED ? null : layout.name,
    spec: layoutSpec(layout),
    packed: layout.packed,
    size: layout.size,
    fields: layout.fields.map(({ name, type, offset, size }) => ({ name, type, offset, size })),
    stored: stored === null || stored === 'unsupported' ? null : storedLayoutText(stored),
    unreadable: unreadable ?? null,
    denied,
    attributes: stored !== 'unsupported',
  };
}

/** `--list`: the segments in /dev/shm (those matching `match`), as a table, raw rows or JSON, with what /dev/shm has free. */
export function list(layout: Layout | undefined, flags: InfoFlags, options: ListOptions, io: Io): number {
  // Checked before the listing: a bad column or pattern changes nothing and reads nothing.
  const { columns, chosen } = parseColumns(options.output);
  const match = options.match === undefined ? null : isNamePattern(options.match) ? namePattern(options.match) : parseName(options.match);
  // Without --layout, each segment's records are counted in the layout it stores: a system call a
  // segment, made only where records or layouts are shown.
  const shown = flags.json || columns.some((c) => c.id === 'RECORDS' || c.id === 'LAYOUT');
  const only = (name: string) => match === null || (typeof match === 'string' ? name === match : match.test(name.slice(1)));
  let segments = listSegments(layout ?? (shown ? undefined : MY_DATA), only);
  // A name, not a pattern, that names no segment is an error, as for --info.
  if (typeof match === 'string' && segments.length === 0) statSegment(match);
  // With --layout, the layouts stored cost a system call a segment: read for the listings that show them.
  if (layout !== undefined && (flags.json || columns.some((c) => c.id === 'LAYOUT'))) segments = withStoredLayouts(segments);
  const space = shmSpace();
  if (flags.json) {
    io.out(`${toJson({ segments: segments.map(segmentJson), filesystem: { ...space } })}\n`);
    return EXIT.OK;
  }
  const cells = { bytes: options.bytes, heading: options.heading };
  if (options.raw) {
    if (segments.length > 0 || options.heading) io.out(`${rawRows(columns, segments, cells)}\n`);
    return EXIT.OK;
  }
  const width = io.stdoutIsTTY() ? io.columns() || 80 : Infinity;
  const table = segments.length > 0 || options.heading ? `${columnTable(columns, segments, { ...cells, width, chosen })}\n` : '';
  io.out(options.heading ? `${table}${spaceLine(space, segments.length, options.bytes)}\n` : table);
  return EXIT.OK;
}

/** The last line of the table: how many segments, and what /dev/shm holds and has free. */
function spaceLine(space: ShmSpace, count: number, bytes: boolean): string {
  const size = (n: number) => (bytes ? `${n} bytes` : humanBytes(n));
  return `${count} segment${count === 1 ? '' : 's'}; ${space.path}: ${size(space.size)}, ${size(space.used)} used, ${size(space.free)} free`;
}
