import { fieldRange, fieldValue, numberReader, setFieldValue, type Field, type Layout, type NumberReader } from './codec';
import { decimal } from './parse';

/** The machine text formats of a record: what `shm-reader` prints and `shm-writer --stdin` reads. */
export type MachineFormat = 'tsv' | 'json';

/** What {@link formatRecords} prints: a machine format, or one field's bare values. */
export type Output = MachineFormat | { readonly only: Field };

const TAB = 9;
const NL = 10;
const MINUS = 45;
const POW10 = Array.from({ length: 10 }, (_, k) => 10 ** k);
/** An integer field's longest text: a sign and 20 digits. */
const MAX_DIGITS = 21;

/** "00" to "99" as character codes: two digits per division. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

/** Writes an integer's decimal digits into `out` at `pos`; returns the position after them. */
function writeBigInt(out: Uint8Array, pos: number, value: bigint): number {
  const text = value.toString();
  for (let i = 0; i < text.length; i++) out[pos++] = text.charCodeAt(i);
  return pos;
}

/** The same for an integral number below 2^53 in magnitude, in integer arithmetic where it can. */
function writeNumber(out: Uint8Array, pos: number, value: number): number {
  let x = value;
  if (x < 0) {
    out[pos++] = MINUS;
    x = -x;
  }
  if (x < 2147483648) return writeSmall(out, pos, x | 0);
  // Below 2^53, x / 10^8 is below 2^31: two integer halves, the low one written as 8 digits.
  const high = Math.floor(x / 1e8);
  return writeEight(out, writeSmall(out, pos, high), (x - high * 1e8) | 0);
}

/** Writes a non-negative 31-bit integer, two digits per division. */
function writeSmall(out: Uint8Array, pos: number, value: number): number {
  let y = value;
  let digits = 1;
  while (digits < 10 && y >= POW10[digits]) digits++;
  const end = pos + digits;
  let p = end;
  while (y >= 100) {
    const q = (y / 100) | 0;
    const r = (y - q * 100) * 2;
    out[--p] = PAIRS[r + 1];
    out[--p] = PAIRS[r];
    y = q;
  }
  if (y >= 10) {
    out[--p] = PAIRS[y * 2 + 1];
    out[--p] = PAIRS[y * 2];
  } else out[--p] = 48 + y;
  return end;
}

/** Writes a value below 10^8 as exactly eight digits, zeros first. */
function writeEight(out: Uint8Array, pos: number, value: number): number {
  let y = value;
  for (let p = pos + 8; p > pos; ) {
    const q = (y / 100) | 0;
    const r = (y - q * 100) * 2;
    out[--p] = PAIRS[r + 1];
    out[--p] = PAIRS[r];
    y = q;
  }
  return pos + 8;
}

/**
 * Prints `count` records of `view` in a machine format, one per line ending in `\n`, as ASCII
 * bytes: `100\t876\t8021`, or `{"Col1":100,"Col2":876,"Col3":8021}` with every digit; with
 * `{ only }`, that field's bare values. Digits are written straight into bytes, not strings.
 * The bytes are valid until the next call: write them out, or copy them, before calling again.
 */
export function formatRecords(layout: Layout, view: DataView, count: number, output: Output): Uint8Array {
  const fields = typeof output === 'object' ? [output.only] : layout.fields;
  const read = fields.map((f) => numberReader(f.type));
  const offsets = fields.map((f) => f.offset);
  if (output !== 'json') return formatTsv(fields, read, offsets, layout.size, view, count, scratch(count * fields.length * (MAX_DIGITS + 1)));
  const keys = fields.map((f, k) => Buffer.from(`${k === 0 ? '{' : ','}${JSON.stringify(f.name)}:`));
  return formatJson(fields, read, offsets, keys, layout.size, view, count, scratch(count * keys.reduce((n, k) => n + k.length + MAX_DIGITS, 2)));
}

let spare = Buffer.allocUnsafe(0);

/**
 * The output buffer, reused from call to call: a dump then allocates (and collects) nothing per
 * batch. So what {@link formatRecords} returns is valid only until its next call.
 */
function scratch(bytes: number): Buffer {
  if (spare.length < bytes) spare = Buffer.allocUnsafe(bytes);
  return spare;
}

// The loops below run for every record of a dump: each is small and single-purpose so that V8
// optimises it once and keeps it optimised from batch to batch.

function formatTsv(fields: readonly Field[], read: readonly NumberReader[], offsets: readonly number[], size: number, view: DataView, count: number, out: Buffer): Uint8Array {
  let pos = 0;
  for (let i = 0, o = 0; i < count; i++, o += size) {
    for (let f = 0; f < offsets.length; f++) {
      if (f > 0) out[pos++] = TAB;
      const x = read[f](view, o + offsets[f]);
      pos = x === x ? writeNumber(out, pos, x) : writeBigInt(out, pos, BigInt(fieldValue(fields[f], view, o)));
    }
    out[pos++] = NL;
  }
  return out.subarray(0, pos);
}

function formatJson(fields: readonly Field[], read: readonly NumberReader[], offsets: readonly number[], keys: readonly Uint8Array[], size: number, view: DataView, count: number, out: Buffer): Uint8Array {
  let pos = 0;
  for (let i = 0, o = 0; i < count; i++, o += size) {
    for (let f = 0; f < offsets.length; f++) {
      out.set(keys[f], pos);
      pos += keys[f].length;
      const x = read[f](view, o + offsets[f]);
      pos = x === x ? writeNumber(out, pos, x) : writeBigInt(out, pos, BigInt(fieldValue(fields[f], view, o)));
    }
    out[pos++] = 125; // }
    out[pos++] = NL;
  }
  return out.subarray(0, pos);
}

/**
 * Reads one line of tab-separated integers from `bytes[start, end)` straight into the record at
 * `offset` of `view`. Returns false when the line is anything else (JSON, a bad value): the
 * caller then reads it with {@link parseRecordLine}, which says what is wrong.
 */
export function parseTsvBytes(layout: Layout, bytes: Uint8Array, start: number, end: number, view: DataView, offset: number): boolean {
  const { fields } = layout;
  let pos = start;
  for (let f = 0; f < fields.length; f++) {
    const stop = f === fields.length - 1 ? end : bytes.indexOf(TAB, pos);
    if (stop === -1 || stop > end) return false;
    const negative = bytes[pos] === MINUS;
    const first = negative ? pos + 1 : pos;
    if (first === stop || stop - first > 16) return false; // no digits, or more than a double holds: the slow path
    let n = 0;
    for (let i = first; i < stop; i++) {
      const d = bytes[i] - 48;
      if (d < 0 || d > 9) return false;
      n = n * 10 + d;
    }
    // Exact while the value is below 2^53; a larger one may have rounded, and takes the BigInt path.
    if (n > Number.MAX_SAFE_INTEGER) return false;
    if (!setFieldValue(fields[f], view, offset, negative ? -n : n)) return false;
    pos = stop + 1;
  }
  return true;
}

const PAIR = /\s*"((?:[^"\\]|\\.)*)"\s*:\s*(?:(-?\d+)|"(-?\d+)")\s*([,}])/y;

/**
 * Reads one line in either machine format (a JSON object, or tab-separated values in layout
 * order) into the record at `offset` of `view`. Returns null, or why the line is not a record.
 * Every field must be given; a JSON value may also be a string of digits, as some tools quote int64.
 */
export function parseRecordLine(layout: Layout, line: string, view: DataView, offset: number): string | null {
  const { fields } = layout;
  const set = (field: Field, text: string): string | null => {
    const value = decimal(text);
    if (value !== null && setFieldValue(field, view, offset, value)) return null;
    const { min, max } = fieldRange(field.type);
    return `${field.name} must be an integer from ${min} to ${max} (${field.type}), not ${JSON.stringify(text)}`;
  };
  if (!/^\s*\{/.test(line)) {
    const parts = line.split('\t');
    if (parts.length !== fields.length) {
      const shown = JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}...` : line);
      return `expected ${fields.length} tab-separated integers (${fields.map((f) => f.name).join(', ')}) or a JSON object, got ${shown}`;
    }
    for (let f = 0; f < fields.length; f++) {
      const problem = set(fields[f], parts[f]);
      if (problem !== null) return problem;
    }
    return null;
  }
  const seen = new Set<string>();
  PAIR.lastIndex = line.indexOf('{') + 1;
  for (let m = PAIR.exec(line); ; m = PAIR.exec(line)) {
    if (m === null) return 'not a JSON object of integer fields';
    const name = unescapeKey(m[1]);
    const field = fields.find((f) => f.name === name);
    if (field === undefined) return `unknown field ${JSON.stringify(name)}: ${layout.name} has ${fields.map((f) => f.name).join(', ')}`;
    if (seen.has(name)) return `${name} is given twice`;
    seen.add(name);
    const problem = set(field, m[2] ?? m[3]);
    if (problem !== null) return problem;
    if (m[4] === '}') break;
  }
  if (line.slice(PAIR.lastIndex).trim() !== '') return 'text after the JSON object';
  const missing = fields.filter((f) => !seen.has(f.name)).map((f) => f.name);
  return missing.length === 0 ? null : `missing ${missing.join(', ')}`;
}

function unescapeKey(raw: string): string {
  try {
    return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
  } catch {
    return raw;
  }
}
