import { charBytes, charText } from './char-text';
import type { Field, Layout, RecordValues, Value } from './layout';
import { SCALARS, type NumberReader, type ScalarType } from './scalars';
import { checkRecord, fitsScalar } from './values';

/** Reads a field of the record at `offset` of `view`. */
export function decodeField(field: Field, view: DataView, offset: number): Value {
  const at = offset + field.offset;
  const scalar = SCALARS[field.element];
  switch (field.kind) {
    case 'int':
    case 'float':
    case 'bool':
      return scalar.get(view, at);
    case 'array':
      return Array.from({ length: field.count }, (_, i) => scalar.get(view, at + i * scalar.size));
    case 'char': {
      const bytes = new Uint8Array(view.buffer, view.byteOffset + at, field.count);
      const end = bytes.indexOf(0);
      return charText(end === -1 ? bytes : bytes.subarray(0, end));
    }
  }
}

/** Reads the record at `offset` of `view`, in native byte order; the object has no prototype, so any field name is safe. */
export function decodeRecord(layout: Layout, view: DataView, offset: number): RecordValues {
  const out: RecordValues = Object.create(null) as RecordValues;
  for (const f of layout.fields) out[f.name] = decodeField(f, view, offset);
  return out;
}

/** Writes the given fields of a record at `offset` of `view`; fields not given keep their bytes. All are checked first. */
export function encodeRecord(layout: Layout, values: Partial<RecordValues>, view: DataView, offset: number): void {
  for (const [field, value] of checkRecord(layout, values)) encodeField(field, view, offset, value);
}

/** Writes a field whose value is already checked. */
function encodeField(field: Field, view: DataView, offset: number, value: Value): void {
  const at = offset + field.offset;
  const scalar = SCALARS[field.element];
  if (field.kind === 'char') {
    const bytes = new Uint8Array(view.buffer, view.byteOffset + at, field.count);
    bytes.fill(0);
    bytes.set(charBytes(value as string));
  } else if (field.kind === 'array') {
    const values = value as readonly (bigint | number | boolean)[];
    for (let i = 0; i < values.length; i++) scalar.set(view, at + i * scalar.size, values[i]);
  } else scalar.set(view, at, value as bigint | number | boolean);
}

/** Stores a value into a scalar field of the record at `offset`, checking it; false, storing nothing, when it does not fit. */
export function setScalar(field: Field, view: DataView, offset: number, value: bigint | number | boolean): boolean {
  if (!fitsScalar(field.element, value)) return false;
  SCALARS[field.element].set(view, offset + field.offset, value);
  return true;
}

/**
 * The fastest reader of a scalar type's values: `(view, byteOffset)` gives the value as a number
 * where a double holds it exactly, else NaN (then read it with {@link decodeField}). One function
 * per type, so that a loop over fields of one type calls one function and V8 can inline it.
 */
export function numberReader(type: ScalarType): NumberReader {
  return SCALARS[type].number;
}
