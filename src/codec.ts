import { ShmError } from './errors';
import type { Field, Layout, RecordValues, ScalarType, Value } from './layout';

// What os.endianness() says, without loading node:os at start-up.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const TWO32 = 4294967296;
/** High words in this range make 64-bit values below 2^53 in magnitude: exact as doubles. */
const SAFE_HIGH = 0x200000;

interface Scalar {
  readonly size: number;
  readonly kind: 'int' | 'float' | 'bool';
  readonly cType: string;
  /** For integers, the inclusive range. */
  readonly min?: bigint;
  readonly max?: bigint;
  get(view: DataView, offset: number): bigint | number | boolean;
  /** Stores a value already checked by {@link checkScalar}. */
  set(view: DataView, offset: number, value: bigint | number | boolean): void;
  /** The value as a number where a double holds it exactly, else NaN: no BigInt, no union, for the hottest loops. */
  number(view: DataView, offset: number): number;
}

type Get = (view: DataView, offset: number, le: boolean) => number;
type Set = (view: DataView, offset: number, value: number, le: boolean) => void;

function small(bits: number, isSigned: boolean, cType: string, get: Get, set: Set): Scalar {
  const min = isSigned ? -(1n << BigInt(bits - 1)) : 0n;
  const max = isSigned ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  return {
    size: bits / 8,
    kind: 'int',
    cType,
    min,
    max,
    get: (v, o) => BigInt(get(v, o, LITTLE_ENDIAN)),
    set: (v, o, x) => set(v, o, Number(x), LITTLE_ENDIAN),
    number: (v, o) => get(v, o, LITTLE_ENDIAN),
  };
}

function large(isSigned: boolean): Scalar {
  const lo = LITTLE_ENDIAN ? 0 : 4;
  const hi = LITTLE_ENDIAN ? 4 : 0;
  return {
    size: 8,
    kind: 'int',
    cType: isSigned ? 'int64_t' : 'uint64_t',
    min: isSigned ? -(1n << 63n) : 0n,
    max: isSigned ? (1n << 63n) - 1n : (1n << 64n) - 1n,
    get: (v, o) => (isSigned ? v.getBigInt64(o, LITTLE_ENDIAN) : v.getBigUint64(o, LITTLE_ENDIAN)),
    set(v, o, x) {
      if (typeof x === 'number' && Number.isSafeInteger(x)) {
        // Two 32-bit halves: no BigInt for the values most records hold.
        const high = Math.floor(x / TWO32);
        v.setUint32(o + lo, x - high * TWO32, LITTLE_ENDIAN);
        v.setInt32(o + hi, high, LITTLE_ENDIAN);
      } else if (isSigned) v.setBigInt64(o, BigInt(x), LITTLE_ENDIAN);
      else v.setBigUint64(o, BigInt(x), LITTLE_ENDIAN);
    },
    number: isSigned
      ? (v, o) => {
          const high = v.getInt32(o + hi, LITTLE_ENDIAN);
          return high >= -SAFE_HIGH && high < SAFE_HIGH ? high * TWO32 + v.getUint32(o + lo, LITTLE_ENDIAN) : NaN;
        }
      : (v, o) => {
          const high = v.getUint32(o + hi, LITTLE_ENDIAN);
          return high < SAFE_HIGH ? high * TWO32 + v.getUint32(o + lo, LITTLE_ENDIAN) : NaN;
        },
  };
}

function float(bits: 32 | 64): Scalar {
  const get = bits === 32 ? (v: DataView, o: number) => v.getFloat32(o, LITTLE_ENDIAN) : (v: DataView, o: number) => v.getFloat64(o, LITTLE_ENDIAN);
  return {
    size: bits / 8,
    kind: 'float',
    cType: bits === 32 ? 'float' : 'double',
    get,
    set: bits === 32 ? (v, o, x) => v.setFloat32(o, Number(x), LITTLE_ENDIAN) : (v, o, x) => v.setFloat64(o, Number(x), LITTLE_ENDIAN),
    number: get,
  };
}

const SCALARS: Readonly<Record<ScalarType, Scalar>> = {
  int8: small(8, true, 'int8_t', (v, o) => v.getInt8(o), (v, o, x) => v.setInt8(o, x)),
  uint8: small(8, false, 'uint8_t', (v, o) => v.getUint8(o), (v, o, x) => v.setUint8(o, x)),
  int16: small(16, true, 'int16_t', (v, o, le) => v.getInt16(o, le), (v, o, x, le) => v.setInt16(o, x, le)),
  uint16: small(16, false, 'uint16_t', (v, o, le) => v.getUint16(o, le), (v, o, x, le) => v.setUint16(o, x, le)),
  int32: small(32, true, 'int32_t', (v, o, le) => v.getInt32(o, le), (v, o, x, le) => v.setInt32(o, x, le)),
  uint32: small(32, false, 'uint32_t', (v, o, le) => v.getUint32(o, le), (v, o, x, le) => v.setUint32(o, x, le)),
  int64: large(true),
  uint64: large(false),
  float32: float(32),
  float64: float(64),
  bool: {
    size: 1,
    kind: 'bool',
    cType: 'bool',
    get: (v, o) => v.getUint8(o) !== 0,
    set: (v, o, x) => v.setUint8(o, x ? 1 : 0),
    number: (v, o) => v.getUint8(o),
  },
};

/** The scalar types, for validation and documentation. */
export const SCALAR_TYPES = Object.keys(SCALARS) as readonly ScalarType[];

/** A scalar type's size in bytes, and what its values are. */
export function scalarInfo(type: ScalarType): { readonly size: number; readonly kind: 'int' | 'float' | 'bool'; readonly cType: string } {
  return SCALARS[type];
}

/** Finds a field by name, or throws a usage error listing the layout's fields. */
export function fieldOf(layout: Layout, name: string): Field {
  const field = layout.fields.find((f) => f.name === name);
  if (field === undefined) {
    throw ShmError.usage(`unknown field '${name}': ${layout.name} has ${layout.fields.map((f) => f.name).join(', ')}`);
  }
  return field;
}

/** The inclusive range of an integer type. */
export function fieldRange(type: ScalarType): { min: bigint; max: bigint } {
  const { min, max } = SCALARS[type];
  return { min: min ?? 0n, max: max ?? 0n };
}

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
      return Buffer.from(bytes.buffer, bytes.byteOffset, end === -1 ? field.count : end).toString('utf8');
    }
  }
}

/** Reads the record at `offset` of `view`, in native byte order. */
export function decodeRecord(layout: Layout, view: DataView, offset: number): RecordValues {
  const out: RecordValues = {};
  for (const f of layout.fields) out[f.name] = decodeField(f, view, offset);
  return out;
}

/** Writes the given fields of a record at `offset` of `view`; fields not given keep their bytes. All are checked first. */
export function encodeRecord(layout: Layout, values: Partial<RecordValues>, view: DataView, offset: number): void {
  for (const [field, value] of checkRecord(layout, values)) encodeField(field, view, offset, value);
}

/** Checks every given field of a record (name and value), or throws a usage error naming the first bad one. */
export function checkRecord(layout: Layout, values: Partial<RecordValues>): Array<readonly [Field, Value]> {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => {
      const field = fieldOf(layout, key);
      return [field, checkValue(field, v as Value)] as const;
    });
}

/** Writes a field already checked by {@link checkValue}. */
function encodeField(field: Field, view: DataView, offset: number, value: Value): void {
  const at = offset + field.offset;
  const scalar = SCALARS[field.element];
  if (field.kind === 'char') {
    const bytes = new Uint8Array(view.buffer, view.byteOffset + at, field.count);
    bytes.fill(0);
    bytes.set(Buffer.from(value as string, 'utf8'));
  } else if (field.kind === 'array') (value as readonly (bigint | number | boolean)[]).forEach((v, i) => scalar.set(view, at + i * scalar.size, v));
  else scalar.set(view, at, value as bigint | number | boolean);
}

/** Checks that a value fits its field (type, range, length) and returns it, or throws a usage error naming the field. */
export function checkValue(field: Field, value: Value): Value {
  const problem = field.kind === 'array' ? arrayProblem(field, value) : field.kind === 'char' ? charProblem(field, value) : scalarProblem(field.element, value);
  if (problem !== null) throw ShmError.usage(`${field.name} ${problem}`);
  return value;
}

function arrayProblem(field: Field, value: Value): string | null {
  if (!Array.isArray(value) || value.length !== field.count) return `must be ${field.count} values (${field.type})`;
  for (const v of value as readonly Value[]) {
    const problem = scalarProblem(field.element, v);
    if (problem !== null) return `elements ${problem.replace(/^must/, 'must each')}`;
  }
  return null;
}

function charProblem(field: Field, value: Value): string | null {
  if (typeof value !== 'string') return `must be a string (${field.type})`;
  const length = Buffer.byteLength(value);
  if (length > field.count) return `must be at most ${field.count} bytes of UTF-8 (${field.type}), not ${length}`;
  if (value.includes('\0')) return 'must not contain a NUL character';
  return null;
}

/** Why a value does not fit a scalar type, or null. Integers may come as BigInt or as a safe integer number. */
export function scalarProblem(type: ScalarType, value: Value): string | null {
  const scalar = SCALARS[type];
  switch (scalar.kind) {
    case 'int': {
      const ok = typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value));
      if (ok && (value as bigint | number) >= (scalar.min as bigint) && (value as bigint | number) <= (scalar.max as bigint)) return null;
      return `must be an integer from ${scalar.min} to ${scalar.max} (${type})`;
    }
    case 'float':
      return typeof value === 'number' ? null : `must be a number (${type})`;
    case 'bool':
      return typeof value === 'boolean' ? null : 'must be true or false (bool)';
  }
}

/** Stores a value into a scalar field of the record at `offset`, checking it; false, storing nothing, when it does not fit. */
export function setScalar(field: Field, view: DataView, offset: number, value: bigint | number | boolean): boolean {
  if (scalarProblem(field.element, value) !== null) return false;
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

/** See {@link numberReader}. */
export type NumberReader = (view: DataView, byteOffset: number) => number;
