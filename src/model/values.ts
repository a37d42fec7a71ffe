import { charByteLength, isCharText } from './char-text';
import { quote, ShmError } from './errors';
import type { Field, Layout, RecordValues, Value } from './layout';
import { SCALARS, type ScalarType } from './scalars';

/** What a scalar type takes, for messages: `an integer from 0 to 255 (uint8)`. */
export function scalarExpects(type: ScalarType): string {
  const { kind, min, max } = SCALARS[type];
  switch (kind) {
    case 'int':
      return `an integer from ${min} to ${max} (${type})`;
    case 'float':
      return `a number (${type}), such as 1.5, -2e-3, NaN or -Infinity`;
    case 'bool':
      return 'true or false (bool)';
  }
}

/** What a field takes, for messages. */
export function fieldExpects(field: Field): string {
  switch (field.kind) {
    case 'int':
    case 'float':
    case 'bool':
      return scalarExpects(field.element);
    case 'char':
      return `a string of at most ${field.count} bytes of UTF-8 with no NUL (${field.type})`;
    case 'array':
      return `${field.count} values (${field.type})`;
  }
}

/** The error for a value that does not fit: `price must be a number (float64), not "x"`; `what` names the field or element. */
export function valueError(what: string, expected: string, shown?: string): ShmError {
  return ShmError.usage(`${what} must be ${expected}${shown === undefined ? '' : `, not ${shown}`}`);
}

/** Whether a value fits a scalar type. Integers may come as BigInt or as a number that is an exact integer. */
export function fitsScalar(type: ScalarType, value: unknown): value is bigint | number | boolean {
  const { kind, min, max, minNumber, maxNumber } = SCALARS[type];
  switch (kind) {
    case 'int':
      if (typeof value === 'number') {
        if (Number.isSafeInteger(value)) return value >= minNumber && value <= maxNumber;
        // A number past 2^53 is still an exact integer (2 ** 60): checked as the BigInt it is.
        return Number.isInteger(value) && BigInt(value) >= min && BigInt(value) <= max;
      }
      return typeof value === 'bigint' && value >= min && value <= max;
    case 'float':
      return typeof value === 'number';
    case 'bool':
      return typeof value === 'boolean';
  }
}

/** Checks that a value fits its field (type, range, length) and returns it, or throws a usage error naming the field. */
export function checkValue(field: Field, value: unknown): Value {
  switch (field.kind) {
    case 'int':
    case 'float':
    case 'bool':
      if (fitsScalar(field.element, value)) return value;
      break;
    case 'char':
      if (typeof value === 'string' && isCharText(value) && charByteLength(value) <= field.count) return value;
      break;
    case 'array':
      if (!Array.isArray(value) || value.length !== field.count) break;
      // Every element, holes of a sparse array included.
      for (let i = 0; i < value.length; i++) {
        if (!fitsScalar(field.element, value[i])) throw valueError(`${field.name}[${i}]`, scalarExpects(field.element));
      }
      return value as readonly (bigint | number | boolean)[];
  }
  throw valueError(field.name, fieldExpects(field));
}

/** Finds a field by name, or throws a usage error listing the layout's fields. */
export function fieldOf(layout: Layout, name: string): Field {
  const field = layout.fields.find((f) => f.name === name);
  if (field === undefined)
    throw ShmError.usage(`unknown field ${quote(name)}: ${layout.name} has ${layout.fields.map((f) => f.name).join(', ')}`);
  return field;
}

/** Checks every given field of a record (name and value), or throws a usage error naming the first bad one. */
export function checkRecord(layout: Layout, values: Partial<RecordValues>): Array<readonly [Field, Value]> {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => {
      const field = fieldOf(layout, key);
      return [field, checkValue(field, v)] as const;
    });
}
