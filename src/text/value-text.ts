import { charByteLength, isCharText } from '../model/char-text';
import { quote } from '../model/errors';
import type { Field, Value } from '../model/layout';
import { SCALARS, type FloatType, type ScalarType } from '../model/scalars';
import { fieldExpects, fitsScalar, scalarExpects, valueError } from '../model/values';
import { decimal } from './digits';

/** How a value is written: in a tab-separated column, as JSON, or for people. */
export type TextStyle = 'tsv' | 'json' | 'human';

/**
 * A float as the shortest decimal that reads back to the same bits (for float32, to the same
 * float32), `-0` kept; NaN and the infinities spelled `NaN`, `Infinity`, `-Infinity`.
 */
export function floatText(x: number, type: FloatType): string {
  if (Number.isNaN(x)) return 'NaN';
  if (Object.is(x, -0)) return '-0';
  if (type === 'float64' || !Number.isFinite(x)) return String(x);
  for (let digits = 1; digits < 9; digits++) {
    const n = Number(x.toPrecision(digits));
    if (Math.fround(n) === x) return String(n);
  }
  return String(x);
}

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\\\'],
  ['\t', '\\t'],
  ['\n', '\\n'],
  ['\r', '\\r'],
]);
const UNESCAPES: ReadonlyMap<string, string> = new Map([...ESCAPES].map(([c, e]) => [e, c]));
/** What a tab-separated string escapes: the separators, `\\`, and bytes that are not UTF-8 (see `charText`). */
const TSV_SPECIAL = /[\\\t\n\r]|(?<![\ud800-\udbff])[\udc80-\udcff]/g;
const TSV_ESCAPE = /\\[\\tnr]|\\x[89a-fA-F][0-9a-fA-F]/g;

/** A string as a tab-separated column: `\\`, tab, newline and CR escaped, a byte that is not UTF-8 as `\xNN`. */
function tsvEscape(text: string): string {
  return text.replace(TSV_SPECIAL, (c) => ESCAPES.get(c) ?? `\\x${(c.charCodeAt(0) - 0xdc00).toString(16)}`);
}

/** Reads a column as {@link tsvEscape} writes it. */
function tsvUnescape(text: string): string {
  return text.replace(TSV_ESCAPE, (e) => UNESCAPES.get(e) ?? String.fromCharCode(0xdc00 + parseInt(e.slice(2), 16)));
}

function scalarText(type: ScalarType, value: bigint | number | boolean, style: TextStyle): string {
  if (typeof value !== 'number' || SCALARS[type].kind !== 'float') return String(value);
  const text = floatText(value, type as FloatType);
  // JSON has no NaN or infinities: they go as strings, which the writer reads back.
  return style === 'json' && !Number.isFinite(value) ? `"${text}"` : text;
}

/**
 * A field's value as text. Tab-separated: arrays joined by commas, strings escaped (`\\`, `\t`,
 * `\n`, `\r`, and `\xNN` for a byte that is not UTF-8). JSON: arrays and strings as JSON. For people: strings quoted, arrays in brackets.
 */
export function valueText(field: Field, value: Value, style: TextStyle): string {
  switch (field.kind) {
    case 'int':
    case 'float':
    case 'bool':
      return scalarText(field.element, value as bigint | number | boolean, style);
    case 'char':
      return style === 'tsv' ? tsvEscape(value as string) : JSON.stringify(value);
    case 'array': {
      const items = (value as readonly (bigint | number | boolean)[]).map((v) => scalarText(field.element, v, style));
      return style === 'tsv' ? items.join(',') : `[${items.join(',')}]`;
    }
  }
}

const FLOAT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const SPECIAL: ReadonlyMap<string, number> = new Map([
  ...['nan', '+nan', '-nan'].map((t) => [t, NaN] as const),
  ...['inf', '+inf', 'infinity', '+infinity'].map((t) => [t, Infinity] as const),
  ...['-inf', '-infinity'].map((t) => [t, -Infinity] as const),
]);

/** Reads one scalar from text: integers in decimal, floats in any JS/C spelling (`1e3`, `NaN`, `-inf`), bools as true/false/1/0. */
export function parseScalar(type: ScalarType, text: string): bigint | number | boolean | null {
  if (type === 'bool') return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : null;
  if (type === 'float32' || type === 'float64') {
    const special = SPECIAL.get(text.toLowerCase());
    if (special !== undefined) return special;
    if (!FLOAT.test(text)) return null;
    const n = Number(text);
    // A finite number too large for the type would silently become an infinity: only `inf` spells one.
    return Number.isFinite(type === 'float32' ? Math.fround(n) : n) ? n : null;
  }
  const n = decimal(text);
  return n === null || !fitsScalar(type, n) ? null : typeof n === 'number' ? BigInt(n) : n;
}

/**
 * Reads a field's value from text as {@link valueText} writes it in a tab-separated column (or
 * raw, as given on a command line, when not `escaped`). Throws a usage error naming the field and what it takes.
 */
export function parseValueText(field: Field, text: string, escaped: boolean): Value {
  switch (field.kind) {
    case 'int':
    case 'float':
    case 'bool': {
      const value = parseScalar(field.element, text);
      if (value === null) throw valueError(field.name, scalarExpects(field.element), quote(text));
      return value;
    }
    case 'char': {
      const value = escaped ? tsvUnescape(text) : text;
      if (!isCharText(value) || charByteLength(value) > field.count) throw valueError(field.name, fieldExpects(field), quote(text));
      return value;
    }
    case 'array': {
      const parts = text.split(',');
      if (parts.length !== field.count) throw valueError(field.name, `${field.count} comma-separated values (${field.type})`, quote(text));
      return parts.map((p, i) => {
        const value = parseScalar(field.element, p.trim());
        if (value === null) throw valueError(`${field.name}[${i}]`, scalarExpects(field.element), quote(p.trim()));
        return value;
      });
    }
  }
}
