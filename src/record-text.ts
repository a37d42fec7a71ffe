import { decodeField, decodeRecord, encodeRecord, numberReader, setScalar, type NumberReader } from './codec';
import type { Field, Layout, RecordValues, Value } from './layout';
import { ShmError } from './errors';
import { describeValue, parseScalar, parseValueText, valueText } from './value-text';

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
 * Prints `count` records of `view` in a machine format, one per line ending in `\n`, as UTF-8
 * bytes: `100\t876\t8021`, or `{"Col1":100,"Col2":876,"Col3":8021}` with every digit; with
 * `{ only }`, that field's bare values. Records of integers only take a fast path that writes
 * digits straight into bytes. The bytes are valid until the next call: write them out, or copy
 * them, before calling again.
 */
export function formatRecords(layout: Layout, view: DataView, count: number, output: Output): Uint8Array {
  const fields = typeof output === 'object' ? [output.only] : layout.fields;
  const style = output === 'json' ? 'json' : 'tsv';
  if (!fields.every((f) => f.kind === 'int')) return Buffer.from(formatAny(layout, fields, style, view, count));
  const read = fields.map((f) => numberReader(f.element));
  const offsets = fields.map((f) => f.offset);
  if (style === 'tsv') return formatTsv(fields, read, offsets, layout.size, view, count, scratch(count * fields.length * (MAX_DIGITS + 1)));
  const keys = fields.map((f, k) => Buffer.from(`${k === 0 ? '{' : ','}${JSON.stringify(f.name)}:`));
  return formatJson(fields, read, offsets, keys, layout.size, view, count, scratch(count * keys.reduce((n, k) => n + k.length + MAX_DIGITS, 2)));
}

/** One record as a JSON object, in layout order, every digit kept. */
export function recordJson(layout: Layout, values: RecordValues): string {
  return `{${layout.fields.map((f) => `${JSON.stringify(f.name)}:${valueText(f, values[f.name], 'json')}`).join(',')}}`;
}

let spare = Buffer.allocUnsafe(0);

/** The output buffer of the fast paths, reused from call to call: a dump allocates nothing per batch. */
function scratch(bytes: number): Buffer {
  if (spare.length < bytes) spare = Buffer.allocUnsafe(bytes);
  return spare;
}

/** The string path, for records with fields other than integers: JSON of the whole record, or `fields` tab-separated. */
function formatAny(layout: Layout, fields: readonly Field[], style: 'tsv' | 'json', view: DataView, count: number): string {
  let out = '';
  for (let i = 0, o = 0; i < count; i++, o += layout.size) {
    out += style === 'json' ? `${recordJson(layout, decodeRecord(layout, view, o))}\n` : `${fields.map((f) => valueText(f, decodeField(f, view, o), 'tsv')).join('\t')}\n`;
  }
  return out;
}

// The loops below run for every record of a dump: each is small and single-purpose so that V8
// optimises it once and keeps it optimised from batch to batch.

function formatTsv(fields: readonly Field[], read: readonly NumberReader[], offsets: readonly number[], size: number, view: DataView, count: number, out: Buffer): Uint8Array {
  let pos = 0;
  for (let i = 0, o = 0; i < count; i++, o += size) {
    for (let f = 0; f < offsets.length; f++) {
      if (f > 0) out[pos++] = TAB;
      const x = read[f](view, o + offsets[f]);
      pos = x === x ? writeNumber(out, pos, x) : writeBigInt(out, pos, decodeField(fields[f], view, o) as bigint);
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
      pos = x === x ? writeNumber(out, pos, x) : writeBigInt(out, pos, decodeField(fields[f], view, o) as bigint);
    }
    out[pos++] = 125; // }
    out[pos++] = NL;
  }
  return out.subarray(0, pos);
}

/**
 * Reads one line of tab-separated integers from `bytes[start, end)` straight into the record at
 * `offset` of `view`. Returns false when the line is anything else (JSON, other field kinds, a bad
 * value): the caller then reads it with {@link parseRecordLine}, which says what is wrong.
 */
export function parseTsvBytes(layout: Layout, bytes: Uint8Array, start: number, end: number, view: DataView, offset: number): boolean {
  const { fields } = layout;
  let pos = start;
  for (let f = 0; f < fields.length; f++) {
    if (fields[f].kind !== 'int') return false;
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
    if (n > Number.MAX_SAFE_INTEGER || !setScalar(fields[f], view, offset, negative ? -n : n)) return false;
    pos = stop + 1;
  }
  return true;
}

/**
 * Reads one line in either machine format (a JSON object, or tab-separated values in layout
 * order, as {@link formatRecords} prints them) into the record at `offset` of `view`. Returns
 * null, or why the line is not a record. Every field must be given; a JSON integer may also be a
 * string of digits, as some tools quote 64-bit integers, and a float the string "NaN" or "Infinity".
 */
export function parseRecordLine(layout: Layout, line: string, view: DataView, offset: number): string | null {
  const { fields } = layout;
  try {
    if (!/^\s*\{/.test(line)) {
      const parts = line.split('\t');
      if (parts.length !== fields.length) {
        const shown = JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}...` : line);
        return `expected ${fields.length} tab-separated values (${fields.map((f) => f.name).join(', ')}) or a JSON object, got ${shown}`;
      }
      encodeRecord(layout, Object.fromEntries(fields.map((f, k) => [f.name, parseValueText(f, parts[k], true)])), view, offset);
      return null;
    }
    const object = parseJsonObject(line);
    if (typeof object === 'string') return object;
    const values: RecordValues = {};
    for (const [name, token] of object) {
      const field = fields.find((f) => f.name === name);
      if (field === undefined) return `unknown field ${JSON.stringify(name)}: ${layout.name} has ${fields.map((f) => f.name).join(', ')}`;
      values[name] = fromJson(field, token);
    }
    const missing = fields.filter((f) => !object.has(f.name)).map((f) => f.name);
    if (missing.length > 0) return `missing ${missing.join(', ')}`;
    encodeRecord(layout, values, view, offset);
    return null;
  } catch (err) {
    if (err instanceof ShmError) return err.message;
    throw err;
  }
}

/** A JSON value as read from a line: numbers keep their text, so no digit is lost. */
type Token = { readonly number: string } | string | boolean | null | readonly Token[];

function fromJson(field: Field, token: Token): Value {
  const scalar = (t: Token): bigint | number | boolean => {
    const text = typeof t === 'object' && t !== null && !Array.isArray(t) ? (t as { number: string }).number : typeof t === 'string' && field.kind !== 'char' ? t : undefined;
    const value = typeof t === 'boolean' ? t : text === undefined ? null : parseScalar(field.element, text);
    if (value === null || (typeof value === 'boolean') !== (field.element === 'bool')) {
      throw ShmError.usage(`${field.name} must be ${describeValue(field)}, not ${text ?? JSON.stringify(t)}`);
    }
    return value;
  };
  if (field.kind === 'char') {
    if (typeof token !== 'string') throw ShmError.usage(`${field.name} must be a string (${field.type})`);
    return token;
  }
  if (field.kind === 'array') {
    if (!Array.isArray(token)) throw ShmError.usage(`${field.name} must be an array of ${field.count} values (${field.type})`);
    return (token as readonly Token[]).map(scalar);
  }
  return scalar(token);
}

/** Parses a JSON object with scalar and array values into its entries, or says why it is not one. */
function parseJsonObject(text: string): Map<string, Token> | string {
  let i = 0;
  const fail = (what: string) => new ShmError('EUSAGE', `not a JSON object: ${what} at character ${i + 1}`);
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const expect = (c: string) => {
    space();
    if (text[i] !== c) throw fail(`expected '${c}'`);
    i++;
  };
  const string = (): string => {
    const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i));
    if (m === null) throw fail('expected a string');
    i += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  const value = (): Token => {
    space();
    if (text[i] === '"') return string();
    if (text[i] === '[') {
      i++;
      const items: Token[] = [];
      space();
      if (text[i] === ']') return (i++, items);
      for (;;) {
        items.push(value());
        space();
        if (text[i] === ']') return (i++, items);
        expect(',');
      }
    }
    const m = /^(?:true|false|null|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(text.slice(i));
    if (m === null) throw fail('expected a value');
    i += m[0].length;
    return m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : { number: m[0] };
  };
  try {
    const entries = new Map<string, Token>();
    expect('{');
    space();
    if (text[i] === '}') i++;
    else {
      for (;;) {
        space();
        const key = string();
        if (entries.has(key)) return `${key} is given twice`;
        expect(':');
        entries.set(key, value());
        space();
        if (text[i] === '}') break;
        expect(',');
      }
      i++;
    }
    space();
    return i < text.length ? 'text after the JSON object' : entries;
  } catch (err) {
    if (err instanceof ShmError) return err.message;
    throw err;
  }
}
