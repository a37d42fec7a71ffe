import { escapeControls } from '../model/errors';
import type { Field, Layout } from '../model/layout';
import type { Style } from './style';

/** Text for a terminal: every control character (C0, DEL, C1) escaped, so that no name or value can drive the terminal. */
export const safe = escapeControls;

/** A record on one line, `/my_shm[0]  Col1=100  Col2=876  Col3=8021`, its values given as text by `text`. */
export function humanRecord(layout: Layout, name: string, index: number, text: (field: Field) => string, style: Style): string {
  const fields = layout.fields.map((f) => `${style.field(f.name)}=${style.value(safe(text(f)))}`);
  return `${style.name(`${safe(name)}[${index}]`)}  ${fields.join('  ')}`;
}

/** Bytes in the largest binary unit that divides them, else with one decimal: `4 GiB`, `1.5 KiB`, `24 B`. */
export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  const text = Number.isInteger(n) ? String(n) : n.toFixed(1);
  return `${text} ${units[i]}`;
}

/** Permissions as the three octal digits `ls -l`'s users know, `600`. */
export function octalMode(mode: number): string {
  return (mode & 0o777).toString(8).padStart(3, '0');
}

/** Permissions as `ls -l` shows them, `rw-------`. */
export function permissions(mode: number): string {
  return [6, 3, 0].map((shift) => ['r', 'w', 'x'].map((c, i) => ((mode >> shift) & (4 >> i) ? c : '-')).join('')).join('');
}

/** A local time with milliseconds, `15:58:11.123`, for watch lines. */
export function clock(time: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}.${pad(time.getMilliseconds(), 3)}`;
}

/** A local date and time, `2026-11-26 15:58:11`. */
export function dateTime(time: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${clock(time).slice(0, 8)}`;
}

/**
 * Rows as a table whose columns are as wide as their widest cell, the first column (names) cut
 * with `…` so that the table fits in `width` characters.
 */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, width: number): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const rest = widths.slice(1).reduce((n, w) => n + w + 2, 0);
  widths[0] = Math.max(8, Math.min(widths[0], width - rest));
  const cut = (text: string, w: number) => (text.length > w ? `${text.slice(0, w - 1)}…` : text);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cut(cell, widths[0]).padEnd(widths[0]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [header, ...rows].map(line).join('\n');
}
