import { fieldRange, scalarProblem } from './codec';
import type { Field, ScalarType, Value } from './layout';
import { ShmError } from './errors';
import { decimal } from './parse';

/** How a value is written: in a tab-separated column, as JSON, or for people. */
export type TextStyle = 'tsv' | 'json' | 'human';

/**
 * A float as the shortest decimal that reads back to the same bits (for float32, to the same
 * float32), `-0` kept; NaN and the infinities spelled `NaN`, `Infinity`, `-Infinity`.
 */
export function floatText(x: number, type: 'float32' | 'float64'): string {
  if (Number.isNaN(x)) return 'NaN';
  if (Object.is(x, -0)) return '-0';
  if (type === 'float64' || !Number.isFinite(x)) return String(x);
  for (let digits = 1; digits < 9; digits++) {
    const n = Number(x.toPrecision(digits));
    if (Math.fround(n) === x) return String(n);
  }
  return String(x);
}

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const UNESCAPES: Readonly<Record<string, string>> = { '\\\\': '\\', '\\t': '\t', '\\n': '\n', '\\r': '\r' };

function scalarText(type: ScalarType, value: bigint | number | boolean, style: TextStyle): string {
  if (typeof value !== 'number' || type === 'bool' || type.startsWith('int') || type.startsWith('uint')) return String(value);
  const text = floatText(value, type as 'float32' | 'float64');
  // JSON has no NaN or infinities: they go as strings, which the writer reads back.
  return style === 'json' && !Number.isFinite(value) ? `"${text}"` : text;
}

/**
 * A field's value as text. Tab-separated: arrays joined by commas, strings with `\\`, tab, newline
 * and CR escaped. JSON: arrays and strings as JSON. For people: strings quoted, arrays in brackets.
 */
export function valueText(field: Field, value: Value, style: TextStyle): string {
  switch (field.kind) {
    case 'int':
    case 'float':
    case 'bool':
      return scalarText(field.element, value as bigint | number | boolean, style);
    case 'char':
      return style === 'tsv' ? (value as string).replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : JSON.stringify(value);
    case 'array': {
      const items = (value as readonly (bigint | number | boolean)[]).map((v) => scalarText(field.element, v, style));
      return style === 'tsv' ? items.join(',') : `[${items.join(',')}]`;
    }
  }
}

const FLOAT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const SPECIAL: Readonly<Record<string, number>> = { nan: NaN, '+nan': NaN, '-nan': NaN, inf: Infinity, '+inf': Infinity, infinity: Infinity, '+infinity': Infinity, '-inf': -Infinity, '-infinity': -Infinity };

/** Reads one scalar from text: integers in decimal, floats in any JS/C spelling (`1e3`, `NaN`, `-inf`), bools as true/false/1/0. */
export function parseScalar(type: ScalarType, text: string): bigint | number | boolean | null {
  if (type === 'bool') return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : null;
  if (type === 'float32' || type === 'float64') {
    const special = SPECIAL[text.toLowerCase()];
    if (special !== undefined) return special;
    if (!FLOAT.test(text)) return null;
    const n = Number(text);
    // A finite number too large for a float32 would silently become an infinity.
    return type === 'float32' && !Number.isFinite(Math.fround(n)) ? null : n;
  }
  const n = decimal(text);
  return n === null || scalarProblem(type, n) !== null ? null : typeof n === 'number' ? BigInt(n) : n;
}

/** What a field takes, for messages: `an integer from 0 to 255 (uint8)`. */
export function describeValue(field: Field): string {
  switch (field.kind) {
    case 'int': {
      const { min, max } = fieldRange(field.element);
      return `an integer from ${min} to ${max} (${field.type})`;
    }
    case 'float':
      return `a number (${field.type}), such as 1.5, -2e-3, NaN or -Infinity`;
    case 'bool':
      return 'true or false (bool)';
    case 'char':
      return `at most ${field.count} bytes of UTF-8 (${field.type})`;
    case 'array':
      return `${field.count} comma-separated values (${field.type})`;
  }
}

/**
 * Reads a field's value from text as {@link valueText} writes it in a tab-separated column (or
 * raw, for `--set`, when not `escaped`). Throws a usage error naming the field and what it takes.
 */
export function parseValueText(field: Field, text: string, escaped: boolean): Value {
  const bad = () => ShmError.usage(`${field.name} must be ${describeValue(field)}, not ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text)}`);
  switch (field.kind) {
    case 'int':
    case 'float':
    case 'bool': {
      const value = parseScalar(field.element, text);
      if (value === null) throw bad();
      return value;
    }
    case 'char': {
      const value = escaped ? text.replace(/\\[\\tnr]/g, (e) => UNESCAPES[e]) : text;
      if (Buffer.byteLength(value) > field.count || value.includes('\0')) throw bad();
      return value;
    }
    case 'array': {
      const parts = text.split(',');
      if (parts.length !== field.count) throw bad();
      return parts.map((p) => {
        const value = parseScalar(field.element, p.trim());
        if (value === null) throw bad();
        return value;
      });
    }
  }
}
