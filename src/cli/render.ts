import { escapeControls } from '../model/errors';
import type { Field, Layout } from '../model/layout';
import type { Io } from './io';
import type { Style } from './style';

/** Text for a terminal: every control character (C0, DEL, C1) escaped, so that no name or value can drive the terminal. */
export const safe = escapeControls;

/** Where machine output (TSV, JSON lines, bare values) goes: on a terminal, with {@link forTerminal}; to a pipe, as it is. */
export function machineOutput(io: Pick<Io, 'out' | 'stdoutIsTTY'>): (chunk: string | Uint8Array) => void {
  return io.stdoutIsTTY() ? (chunk) => io.out(forTerminal(chunk)) : io.out;
}

/** Machine output as it may reach a terminal: its control characters escaped, but tabs and line ends. */
function forTerminal(chunk: string | Uint8Array): string {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, escapeControls);
}

/** A record on one line, `/my_shm[0]  Col1=100  Col2=876  Col3=8021`, its values given as text by `text`. */
export function humanRecord(layout: Layout, name: string, index: number, text: (field: Field) => string, style: Style): string {
  const fields = layout.fields.map((f) => `${style.field(f.name)}=${style.value(safe(text(f)))}`);
  return `${style.name(`${safe(name)}[${index}]`)}  ${fields.join('  ')}`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in the largest binary unit that divides them, else with one decimal: `4 GiB`, `1.5 KiB`, `24 B`. */
export function humanBytes(bytes: number): string {
  const units = UNITS;
  let n = bytes;
  let i = 0;
  // 1023.96 MiB would round to 1024.0 MiB: it is 1.0 GiB.
  while ((n >= 1024 || (n >= 1023.95 && !Number.isInteger(n))) && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  const text = Number.isInteger(n) ? String(n) : n.toFixed(1);
  return `${text} ${units[i]}`;
}

/** Permissions as the three octal digits `ls -l`'s users know, `600`. */
export function octalMode(mode: number): string {
  return (OCTAL[mode & 0o777] ??= (mode & 0o777).toString(8).padStart(3, '0'));
}

const OCTAL: string[] = [];

/** Permissions as `ls -l` shows them, `rw-------`. */
export function permissions(mode: number): string {
  const bits = mode & 0o777;
  return (PERMISSIONS[bits] ??= [6, 3, 0]
    .map((shift) => ['r', 'w', 'x'].map((c, i) => ((bits >> shift) & (4 >> i) ? c : '-')).join(''))
    .join(''));
}

// A listing shows thousands of rows with a handful of modes.
const PERMISSIONS: string[] = [];

/** Two-digit numbers, `00` to `99`: a listing formats thousands of times. */
const TWO = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

/** A local time with milliseconds, `15:58:11.123`, for watch lines. */
export function clock(time: Date): string {
  return `${hms(time)}.${String(time.getMilliseconds()).padStart(3, '0')}`;
}

/** A local date and time, `2026-11-26 15:58:11`. */
export function dateTime(time: Date): string {
  return `${time.getFullYear()}-${TWO[time.getMonth() + 1]}-${TWO[time.getDate()]} ${hms(time)}`;
}

function hms(time: Date): string {
  return `${TWO[time.getHours()]}:${TWO[time.getMinutes()]}:${TWO[time.getSeconds()]}`;
}
