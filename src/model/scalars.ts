/** Integer C types: values are BigInt, so that every 64-bit value is exact. */
export type IntType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';
/** Floating-point C types, IEEE 754. */
export type FloatType = 'float32' | 'float64';
/** Numeric C types: the integers and the floats. */
export type NumericType = IntType | FloatType;
/** Types of a single value. */
export type ScalarType = NumericType | 'bool';

/** What a scalar's JS value is: `int` BigInt (or a safe integer number), `float` number, `bool` boolean. */
export type ScalarKind = 'int' | 'float' | 'bool';

/** Everything known of one C scalar type: size (which is also its alignment), C name, range, and how to read and write it. */
export interface Scalar {
  readonly size: number;
  readonly kind: ScalarKind;
  readonly cType: string;
  /** For integers, the inclusive range; 0n for the others. */
  readonly min: bigint;
  readonly max: bigint;
  /** The same range as numbers, to check a number without comparing it to a BigInt (slow). */
  readonly minNumber: number;
  readonly maxNumber: number;
  get(view: DataView, offset: number): bigint | number | boolean;
  /** Stores a value already checked to fit. */
  set(view: DataView, offset: number, value: bigint | number | boolean): void;
  /** The value as a number where a double holds it exactly, else NaN: no BigInt, no union, for the hottest loops. */
  number(view: DataView, offset: number): number;
}

// What os.endianness() says, without loading node:os at start-up.
/** Whether this machine stores numbers least significant byte first, as the segments it shares hold them. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Where the low and the high 32-bit word of a 64-bit integer lie, in native byte order. */
export const WORDS = { low: LITTLE_ENDIAN ? 0 : 4, high: LITTLE_ENDIAN ? 4 : 0 } as const;
const TWO32 = 4294967296;
/** High words in this range make 64-bit values below 2^53 in magnitude: exact as doubles. */
const SAFE_HIGH = 0x200000;

type Get = (view: DataView, offset: number, le: boolean) => number;
type Set = (view: DataView, offset: number, value: number, le: boolean) => void;

function small(bits: number, isSigned: boolean, cType: string, get: Get, set: Set): Scalar {
  return {
    size: bits / 8,
    kind: 'int',
    cType,
    min: isSigned ? -(1n << BigInt(bits - 1)) : 0n,
    max: isSigned ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n,
    minNumber: isSigned ? -(2 ** (bits - 1)) : 0,
    maxNumber: isSigned ? 2 ** (bits - 1) - 1 : 2 ** bits - 1,
    get: (v, o) => BigInt(get(v, o, LITTLE_ENDIAN)),
    set: (v, o, x) => set(v, o, Number(x), LITTLE_ENDIAN),
    number: (v, o) => get(v, o, LITTLE_ENDIAN),
  };
}

function large(isSigned: boolean): Scalar {
  const { low: lo, high: hi } = WORDS;
  return {
    size: 8,
    kind: 'int',
    cType: isSigned ? 'int64_t' : 'uint64_t',
    min: isSigned ? -(1n << 63n) : 0n,
    max: isSigned ? (1n << 63n) - 1n : (1n << 64n) - 1n,
    // Every safe integer is inside these (rounded) bounds or, for uint64, below 0: exact for the numbers checked.
    minNumber: isSigned ? -(2 ** 63) : 0,
    maxNumber: isSigned ? 2 ** 63 : 2 ** 64,
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
  const get =
    bits === 32 ? (v: DataView, o: number) => v.getFloat32(o, LITTLE_ENDIAN) : (v: DataView, o: number) => v.getFloat64(o, LITTLE_ENDIAN);
  return {
    size: bits / 8,
    kind: 'float',
    cType: bits === 32 ? 'float' : 'double',
    min: 0n,
    max: 0n,
    minNumber: 0,
    maxNumber: 0,
    get,
    set: bits === 32 ? (v, o, x) => v.setFloat32(o, Number(x), LITTLE_ENDIAN) : (v, o, x) => v.setFloat64(o, Number(x), LITTLE_ENDIAN),
    number: get,
  };
}

/** The one table of C scalar types. */
export const SCALARS: Readonly<Record<ScalarType, Scalar>> = {
  int8: small(
    8,
    true,
    'int8_t',
    (v, o) => v.getInt8(o),
    (v, o, x) => v.setInt8(o, x),
  ),
  uint8: small(
    8,
    false,
    'uint8_t',
    (v, o) => v.getUint8(o),
    (v, o, x) => v.setUint8(o, x),
  ),
  int16: small(
    16,
    true,
    'int16_t',
    (v, o, le) => v.getInt16(o, le),
    (v, o, x, le) => v.setInt16(o, x, le),
  ),
  uint16: small(
    16,
    false,
    'uint16_t',
    (v, o, le) => v.getUint16(o, le),
    (v, o, x, le) => v.setUint16(o, x, le),
  ),
  int32: small(
    32,
    true,
    'int32_t',
    (v, o, le) => v.getInt32(o, le),
    (v, o, x, le) => v.setInt32(o, x, le),
  ),
  uint32: small(
    32,
    false,
    'uint32_t',
    (v, o, le) => v.getUint32(o, le),
    (v, o, x, le) => v.setUint32(o, x, le),
  ),
  int64: large(true),
  uint64: large(false),
  float32: float(32),
  float64: float(64),
  bool: {
    size: 1,
    kind: 'bool',
    cType: 'bool',
    min: 0n,
    max: 0n,
    minNumber: 0,
    maxNumber: 0,
    get: (v, o) => v.getUint8(o) !== 0,
    set: (v, o, x) => v.setUint8(o, x ? 1 : 0),
    number: (v, o) => v.getUint8(o),
  },
};

/** The scalar types, in the table's order. */
export const SCALAR_TYPES = Object.keys(SCALARS) as readonly ScalarType[];

/** Whether `name` is a scalar type. */
export function isScalarType(name: string): name is ScalarType {
  return Object.prototype.hasOwnProperty.call(SCALARS, name);
}

/** See {@link Scalar.number}: the reader of one type's values as numbers, NaN where a double is not exact. */
export type NumberReader = (view: DataView, byteOffset: number) => number;
