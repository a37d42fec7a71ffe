import { quote, ShmError } from '../model/errors';
import type { SegmentInfo } from '../store/info';
import { dateTime, humanBytes, octalMode, permissions, safe } from './render';

/** How cells are shown: sizes in bytes or in units. */
export interface CellOptions {
  readonly bytes: boolean;
}

/** One column of `--list` (and one line of `--info`): its name, what it shows, and how it gives way. */
interface Column {
  readonly id: string;
  readonly description: string;
  readonly cell: (i: SegmentInfo, options: CellOptions) => string;
  readonly right?: true;
  /** Left out first when the table is wider than the terminal (the lowest first); NAME never. */
  readonly keep: number;
}

const size = (n: number, { bytes }: CellOptions) => (bytes ? String(n) : humanBytes(n));

/** The one table of `--list`'s columns, in this order; `--info` shows the same facts under the same names. */
export const COLUMNS: readonly Column[] = [
  { id: 'NAME', description: 'segment name', cell: (i) => safe(i.name), keep: Infinity },
  { id: 'SIZE', description: 'size', cell: (i, o) => size(i.size, o), right: true, keep: 8 },
  { id: 'USED', description: 'bytes it occupies in /dev/shm', cell: (i, o) => size(i.allocated, o), right: true, keep: 3 },
  { id: 'MODE', description: 'permissions in octal', cell: (i) => octalMode(i.mode), right: true, keep: 6 },
  { id: 'PERMS', description: 'permissions as ls -l shows them', cell: (i) => permissions(i.mode), keep: 2 },
  { id: 'OWNER', description: 'owner', cell: (i) => safe(i.user ?? String(i.uid)), keep: 7 },
  { id: 'GROUP', description: 'group', cell: (i) => safe(i.group ?? String(i.gid)), keep: 1 },
  { id: 'UID', description: 'owner id', cell: (i) => String(i.uid), right: true, keep: 0 },
  { id: 'GID', description: 'group id', cell: (i) => String(i.gid), right: true, keep: 0 },
  { id: 'MODIFIED', description: 'last change of its bytes (mtime)', cell: (i) => dateTime(i.modified), keep: 5 },
  { id: 'CHANGED', description: 'last change of its size, mode or owner (ctime)', cell: (i) => dateTime(i.changed), keep: 0 },
  {
    id: 'RECORDS',
    description: 'whole records of the layout it stores, or of --layout',
    cell: (i) => String(i.records),
    right: true,
    keep: 4,
  },
  { id: 'LAYOUT', description: 'the layout stored with it', cell: (i) => safe(i.layout ?? '-'), keep: 0 },
];

/** What `--list` shows without `--output`. */
const DEFAULT_COLUMNS = ['NAME', 'SIZE', 'USED', 'MODE', 'PERMS', 'OWNER', 'GROUP', 'MODIFIED', 'RECORDS'];

/** Parses `--output`: columns by name, any case, comma-separated; `+A,B` adds them to the default ones. */
export function parseColumns(input: string | undefined): { columns: readonly Column[]; chosen: ReadonlySet<Column> } {
  if (input === undefined) return { columns: DEFAULT_COLUMNS.map(columnOf), chosen: new Set() };
  const add = input.startsWith('+');
  const ids = (add ? input.slice(1) : input).split(',').map((c) => c.trim().toUpperCase());
  const columns = ids.map(columnOf);
  return { columns: add ? [...DEFAULT_COLUMNS.map(columnOf), ...columns] : columns, chosen: new Set(columns) };
}

function columnOf(id: string): Column {
  const column = COLUMNS.find((c) => c.id === id);
  if (column === undefined)
    throw ShmError.usage(
      `no column ${quote(id)} for --output: use ${COLUMNS.map((c) => c.id).join(', ')} (e.g. --output NAME,SIZE or --output +UID)`,
    );
  return column;
}

/**
 * The rows as a table with a header, columns as wide as their widest cell. Wider than `width`,
 * the least needed columns give way first (NAME never, and none the user chose with `--output`):
 * a name is never cut, so two segments never look alike.
 */
export function columnTable(
  columns: readonly Column[],
  segments: readonly SegmentInfo[],
  options: CellOptions & { width: number; chosen: ReadonlySet<Column>; heading: boolean },
): string {
  // Thousands of rows: each cell made once, widths in one pass, each line built without arrays.
  const cells = columns.map((c) => segments.map((s) => c.cell(s, options)));
  const widths = columns.map((c, k) => cells[k].reduce((w, t) => (t.length > w ? t.length : w), options.heading ? c.id.length : 0));
  let shown = columns.map((_, k) => k);
  const mayGo = (k: number) => columns[k].keep !== Infinity && !options.chosen.has(columns[k]);
  const total = () => shown.reduce((n, k) => n + widths[k], 2 * (shown.length - 1));
  while (total() > options.width && shown.some(mayGo)) {
    const least = shown.filter(mayGo).reduce((a, b) => (columns[b].keep < columns[a].keep ? b : a));
    shown = shown.filter((k) => k !== least);
  }
  const line = (text: (k: number) => string): string => {
    let out = '';
    for (let j = 0; j < shown.length; j++) {
      const k = shown[j];
      const t = text(k);
      const pad = ' '.repeat(widths[k] - t.length);
      out += `${j === 0 ? '' : '  '}${columns[k].right ? pad + t : t + pad}`;
    }
    return out.trimEnd();
  };
  const lines = options.heading ? [line((k) => columns[k].id)] : [];
  for (let r = 0; r < segments.length; r++) lines.push(line((k) => cells[k][r]));
  return lines.join('\n');
}

/** The rows tab-separated, every column chosen, for scripts (`--raw`); no cell holds a tab or a newline (see `safe`). */
export function rawRows(columns: readonly Column[], segments: readonly SegmentInfo[], options: CellOptions & { heading: boolean }): string {
  const row = (texts: string[]) => texts.join('\t');
  return [
    ...(options.heading ? [row(columns.map((c) => c.id))] : []),
    ...segments.map((s) => row(columns.map((c) => c.cell(s, options)))),
  ].join('\n');
}
