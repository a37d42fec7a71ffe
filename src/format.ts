import type { Field, Layout } from './layout';

/** A value that {@link toJson} can print: JSON's types plus BigInt, printed as exact digits. */
export type JsonValue = string | number | bigint | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Serialises to one line of JSON; BigInt becomes a bare number with every digit, never a lossy double. */
export function toJson(value: JsonValue): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  const entries = Object.entries(value as { readonly [key: string]: JsonValue });
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
}

/** Colours for human output; every function is the identity when colour is off. */
export interface Style {
  readonly name: (s: string) => string;
  readonly field: (s: string) => string;
  readonly value: (s: string) => string;
  readonly note: (s: string) => string;
}

const PLAIN: Style = { name: (s) => s, field: (s) => s, value: (s) => s, note: (s) => s };

/**
 * Colour is used only on a terminal, unless `--no-color` or NO_COLOR says otherwise; FORCE_COLOR
 * (`0` off, anything else on) overrides the terminal check, as chalk's users expect.
 */
export function useColor(isTTY: boolean, colorFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  if (!colorFlag || (env.NO_COLOR ?? '') !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

/** The style for a stream; chalk is loaded only when colour is on, which keeps piped runs fast. */
export function styleFor(color: boolean): Style {
  if (!color) return PLAIN;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Chalk } = require('chalk') as typeof import('chalk');
  const c = new Chalk({ level: 1 });
  return { name: c.bold, field: c.cyan, value: (s) => s, note: c.dim };
}

/** A record on one line, `/my_shm[0]  Col1=100  Col2=876  Col3=8021`, its values given as text by `text`. */
export function humanRecord(layout: Layout, name: string, index: number, text: (field: Field) => string, style: Style): string {
  const fields = layout.fields.map((f) => `${style.field(f.name)}=${style.value(text(f))}`);
  return `${style.name(`${name}[${index}]`)}  ${fields.join('  ')}`;
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
