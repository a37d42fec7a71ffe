import { encodeRecord, setScalar } from '../model/codec';
import { quote, ShmError } from '../model/errors';
import type { Field, Layout, RecordValues, Value } from '../model/layout';
import { fieldExpects, fieldOf, scalarExpects, valueError } from '../model/values';
import { parseJsonObject, type Token } from './json-object';
import { parseScalar, parseValueText } from './value-text';

const TAB = 9;
const MINUS = 45;

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
 * order, as `formatRecords` prints them) into the record at `offset` of `view`. Returns null, or
 * why the line is not a record. Every field must be given; a JSON integer may also be a string of
 * digits, as some tools quote 64-bit integers, and a float the string "NaN" or "Infinity".
 */
export function parseRecordLine(layout: Layout, line: string, view: DataView, offset: number): string | null {
  const { fields } = layout;
  try {
    if (!/^\s*\{/.test(line)) {
      const parts = line.split('\t');
      if (parts.length !== fields.length) {
        return `expected ${fields.length} tab-separated values (${fields.map((f) => f.name).join(', ')}) or a JSON object, got ${quote(line)}`;
      }
      encodeRecord(layout, Object.fromEntries(fields.map((f, k) => [f.name, parseValueText(f, parts[k], true)])), view, offset);
      return null;
    }
    const object = parseJsonObject(line);
    if (typeof object === 'string') return object;
    const values: RecordValues = Object.create(null) as RecordValues;
    for (const [name, token] of object) values[name] = fromJson(fieldOf(layout, name), token);
    const missing = fields.filter((f) => !object.has(f.name)).map((f) => f.name);
    if (missing.length > 0) return `missing ${missing.join(', ')}`;
    encodeRecord(layout, values, view, offset);
    return null;
  } catch (err) {
    if (err instanceof ShmError) return err.message;
    throw err;
  }
}

/** A field's value from its JSON token, or a usage error naming the field. */
function fromJson(field: Field, token: Token): Value {
  const scalar = (t: Token, what: string): bigint | number | boolean => {
    const text =
      typeof t === 'object' && t !== null && !Array.isArray(t) ? (t as { number: string }).number : typeof t === 'string' ? t : undefined;
    const value = typeof t === 'boolean' ? t : text === undefined ? null : parseScalar(field.element, text);
    if (value === null || (typeof value === 'boolean') !== (field.element === 'bool')) {
      throw valueError(what, scalarExpects(field.element), jsonKind(t));
    }
    return value;
  };
  switch (field.kind) {
    case 'char':
      if (typeof token !== 'string') throw valueError(field.name, fieldExpects(field), jsonKind(token));
      return token;
    case 'array':
      if (!Array.isArray(token)) throw valueError(field.name, `an array of ${field.count} values (${field.type})`, jsonKind(token));
      return (token as readonly Token[]).map((t, i) => scalar(t, `${field.name}[${i}]`));
    case 'int':
    case 'float':
    case 'bool':
      return scalar(token, field.name);
  }
}

/** What a JSON token is, for messages. */
function jsonKind(token: Token): string {
  if (token === null) return 'null';
  if (Array.isArray(token)) return 'an array';
  if (typeof token === 'object') return (token as { number: string }).number;
  return typeof token === 'string' ? quote(token) : String(token);
}
