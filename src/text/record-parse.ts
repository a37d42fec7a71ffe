import { encodeRecord } from '../model/codec';
import { quote, ShmError } from '../model/errors';
import type { Field, Layout, RecordValues, Value } from '../model/layout';
import { fieldExpects, fieldOf, scalarExpects, valueError } from '../model/values';
import { parseJsonObject, type Token } from './json-object';
import { parseScalar, parseValueText } from './value-text';

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
