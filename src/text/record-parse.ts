import { encodeRecord, setScalar } from '../model/codec';
import { quote, ShmError } from '../model/errors';
import type { Field, Layout, RecordValues, Value } from '../model/layout';
import { LITTLE_ENDIAN, WORDS } from '../model/scalars';
import { fieldExpects, fieldOf, scalarExpects, valueError } from '../model/values';
import { parseJsonObject, type Token } from './json-object';
import { parseWide } from './digits';
import { parseScalar, parseValueText } from './value-text';

const TAB = 9;
const WIDE = new Uint32Array(2);
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
    if (first === stop || stop - first > 20) return false; // no digits, or more than any 64-bit value has
    let n = 0;
    for (let i = first; i < stop; i++) {
      const d = bytes[i] - 48;
      if (d < 0 || d > 9) return false;
      n = n * 10 + d;
    }
    if (stop - first > 15) {
      // Past what a double holds exactly: a 64-bit field takes it from two exact halves, no BigInt.
      const { element } = fields[f];
      if ((element !== 'int64' && element !== 'uint64') || !parseWide(bytes, first, stop, negative, element === 'int64', WIDE))
        return false;
      view.setUint32(offset + fields[f].offset + WORDS.high, WIDE[0], LITTLE_ENDIAN);
      view.setUint32(offset + fields[f].offset + WORDS.low, WIDE[1], LITTLE_ENDIAN);
    } else if (!setScalar(fields[f], view, offset, negative ? -n : n)) return false;
    pos = stop + 1;
  }
  return true;
}

/** How input lines are read: each as it looks (`auto`), or all as tab-separated values or as JSON objects. */
export type InputFormat = 'auto' | 'tsv' | 'json';

/** Why a line is not a record; `ambiguous` when it is one in both formats and `auto` cannot tell which. */
export interface LineProblem {
  readonly problem: string;
  readonly ambiguous?: true;
}

/**
 * Reads one line into the record at `offset` of `view`, in a machine format as `formatRecords`
 * prints it: tab-separated values in layout order, or a JSON object. Gives null when the line was
 * read, `'skip'` for a line that is no record (a blank line, except as TSV), or the problem.
 * `auto` reads a line starting with `{` as JSON and any other as TSV, skips blank lines, and
 * refuses a line that is a record both ways (a blank line or a leading `{` can be a TSV record of
 * strings) rather than guess; a line starting with `{` that only TSV reads is TSV. Every field must be given; a JSON integer may also be a string of
 * digits, as some tools quote 64-bit integers, and a float the string "NaN" or "Infinity".
 */
export function parseRecordLine(
  layout: Layout,
  line: string,
  view: DataView,
  offset: number,
  format: InputFormat = 'auto',
): null | 'skip' | LineProblem {
  const problem = (text: string | null) => (text === null ? null : { problem: text });
  switch (format) {
    case 'tsv':
      return problem(parseTsvLine(layout, line, view, offset));
    case 'json':
      return line.trim() === '' ? 'skip' : problem(parseJsonLine(layout, line, view, offset));
    case 'auto': {
      if (line.trim() === '') {
        return parseTsvLine(layout, line, view, offset) === null
          ? ambiguous('blank, which is a record of empty strings as tab-separated values and no record as JSON lines')
          : 'skip';
      }
      if (!/^\s*\{/.test(line)) return problem(parseTsvLine(layout, line, view, offset, ' or a JSON object'));
      // Both readings are tried, the TSV one aside: a line that is a record only one way is that record.
      const json = parseJsonLine(layout, line, view, offset);
      const tsv = parseTsvLine(layout, line, new DataView(new ArrayBuffer(layout.size)), 0);
      if (json === null) return tsv === null ? ambiguous("starts with '{' and is a record both as tab-separated values and as JSON") : null;
      return tsv === null ? problem(parseTsvLine(layout, line, view, offset)) : { problem: json };
    }
  }
}

/** The problem of a line that reads two ways. */
function ambiguous(problem: string): LineProblem {
  return { problem, ambiguous: true };
}

/** Reads a line of tab-separated values: null, or why it is not a record. */
function parseTsvLine(layout: Layout, line: string, view: DataView, offset: number, orElse = ''): string | null {
  const { fields } = layout;
  const parts = line.split('\t');
  if (parts.length !== fields.length) {
    return `expected ${fields.length} tab-separated values (${fields.map((f) => f.name).join(', ')})${orElse}, got ${quote(line)}`;
  }
  return problemOf(() => {
    const values: RecordValues = Object.create(null) as RecordValues;
    fields.forEach((f, k) => (values[f.name] = parseValueText(f, parts[k], true)));
    encodeRecord(layout, values, view, offset);
  });
}

/** Reads a line holding a JSON object: null, or why it is not a record. */
function parseJsonLine(layout: Layout, line: string, view: DataView, offset: number): string | null {
  const object = parseJsonObject(line);
  if (typeof object === 'string') return object;
  return problemOf(() => {
    const values: RecordValues = Object.create(null) as RecordValues;
    for (const [name, token] of object) values[name] = fromJson(fieldOf(layout, name), token);
    const missing = layout.fields.filter((f) => !object.has(f.name)).map((f) => f.name);
    if (missing.length > 0) throw ShmError.usage(`missing ${missing.join(', ')}`);
    encodeRecord(layout, values, view, offset);
  });
}

/** Runs `read`: null, or the message of the usage error it threw. */
function problemOf(read: () => void): string | null {
  try {
    read();
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
