import { clock, humanBytes, safe } from './render';
import { displayWidth } from './text-width';
import type { WatchView } from './watch-view';

/** How the live view looks: the reader's colours, and the highlight of a changed field. */
export interface FrameStyle {
  readonly name: (s: string) => string;
  readonly field: (s: string) => string;
  readonly note: (s: string) => string;
  readonly lit: (s: string) => string;
}

/** Lines of the frame around the table: the header, the column heads, the key line. */
export const FRAME_LINES = 3;

/**
 * `--watch`'s live view at `now`, as the lines of a screen `width` columns wide: a header (the
 * segment, its size, the last change, changes a second, the records watched), the records on screen
 * as a table whose changed fields are lit, and a line of keys. No line is wider than `width`.
 */
export function watchFrame(view: WatchView, width: number, now: number, style: FrameStyle): string {
  const { layout, first, count } = view;
  const last = first + count - 1;
  // In the order they are dropped from the end of a narrow terminal's line.
  const header = [
    style.name(cut(safe(view.name), width)),
    view.size === undefined ? '' : humanBytes(view.size),
    `last change ${view.lastChange === undefined ? 'none yet' : clock(view.lastChange)}`,
    `${view.rate(now).toFixed(1)} changes/s`,
    count === 1 ? `record ${first}` : `records ${first} to ${last}`,
  ];
  const columns = shownColumns(view.widths, width);
  // The first field's column may be narrower than its widest value: cut to what the terminal has left.
  const w = (k: number) => (k === 1 ? Math.max(1, Math.min(view.widths[1], width - view.widths[0] - 2)) : view.widths[k]);
  const hidden = layout.fields.length + 1 - columns.length;
  const heads = ['index', ...layout.fields.map((f) => safe(f.name))];
  const lines = [
    joinFitting(header, width),
    columns.map((k) => style.field(pad(cut(heads[k], w(k)), w(k), k === 0 || isNumeric(view, k)))).join('  '),
  ];
  for (let i = view.top; i < view.end(); i++) {
    const texts = view.texts(i);
    const lit = view.highlighted(i, now);
    const cells = columns.map((k) => {
      if (k === 0) return style.note(pad(String(i), view.widths[0], true));
      const text = pad(cut(texts?.[k - 1] ?? '', w(k)), w(k), isNumeric(view, k));
      return lit === 'all' || lit?.has(k - 1) === true ? style.lit(text) : text;
    });
    lines.push(cells.join('  '));
  }
  const scroll = count > view.rows && view.rows > 0 ? `${view.top} to ${view.end() - 1} of ${first} to ${last}` : '';
  const keys = [
    scroll,
    hidden > 0 ? `${hidden} field${hidden === 1 ? '' : 's'} hidden` : '',
    'q quit',
    count > view.rows ? '↑↓ PgUp PgDn Home End scroll' : '',
    count > view.rows ? `f ${view.follow ? 'stop following' : 'follow changes'}` : '',
  ];
  lines.push(style.note(joinFitting(keys, width)));
  return lines.join('\n');
}

/** The columns (0 the index, then the fields) that fit in `width`: at least the index and the first field, cut if need be. */
function shownColumns(widths: readonly number[], width: number): number[] {
  const shown = [0];
  let used = widths[0];
  for (let k = 1; k < widths.length && (k === 1 || used + 2 + widths[k] <= width); k++) {
    shown.push(k);
    used += 2 + widths[k];
  }
  return shown;
}

/** Whether column `k` holds numbers, which line up on the right. */
function isNumeric(view: WatchView, k: number): boolean {
  const field = view.layout.fields[k - 1];
  return field.kind === 'int' || field.kind === 'float';
}

function pad(text: string, width: number, right: boolean): string {
  const room = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? room + text : text + room;
}

/** `text` cut to `width` columns, ending with an ellipsis where it was cut. */
function cut(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const c of text) {
    if (displayWidth(`${out}${c}…`) > width) break;
    out += c;
  }
  return `${out}…`;
}

/** The non-empty parts, two spaces apart, as many as fit in `width` (the first one always, cut to fit). */
function joinFitting(parts: readonly string[], width: number): string {
  let line = '';
  for (const part of parts) {
    if (part === '') continue;
    const next = line === '' ? cut(part, width) : `${line}  ${part}`;
    if (line !== '' && displayWidth(next) > width) break;
    line = next;
  }
  return line;
}
