import { ShmError } from './errors';

/** The C types a field can have. */
export type FieldType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';

/** One field of a record: its name, C type, and where it lies in the record. */
export interface Field {
  readonly name: string;
  readonly type: FieldType;
  readonly offset: number;
  readonly size: number;
}

/** A record layout: the single source of truth for offsets, sizes and types. */
export interface Layout {
  readonly name: string;
  /** sizeof the struct, trailing padding included. */
  readonly size: number;
  readonly align: number;
  readonly fields: readonly Field[];
}

/** A record's values by field name; integers are BigInt so that every int64 is exact. */
export type RecordValues = Record<string, bigint>;

// What os.endianness() says, without loading node:os at start-up.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface TypeInfo {
  readonly size: number;
  readonly min: bigint;
  readonly max: bigint;
  readonly cType: string;
  get(view: DataView, offset: number, le: boolean): bigint;
  set(view: DataView, offset: number, value: bigint, le: boolean): void;
  /** The value as a number where a double is exact, else as BigInt: the fast path for many records. */
  value(view: DataView, offset: number, le: boolean): number | bigint;
  /** The value, in native byte order, as a number where a double is exact, else NaN: no BigInt, no union, for the hottest loops. */
  number(view: DataView, offset: number): number;
  /** Stores a value given as an integral number or BigInt; false, storing nothing, when out of range. */
  setValue(view: DataView, offset: number, value: number | bigint, le: boolean): boolean;
}

const signed = (bits: number) => ({ min: -(1n << BigInt(bits - 1)), max: (1n << BigInt(bits - 1)) - 1n });
const unsigned = (bits: number) => ({ min: 0n, max: (1n << BigInt(bits)) - 1n });
const TWO32 = 4294967296;
/** High words in this range make 64-bit values below 2^53 in magnitude: exact as doubles. */
const SAFE_HIGH = 0x200000;

type Get = (view: DataView, offset: number, le: boolean) => number;
type Set = (view: DataView, offset: number, value: number, le: boolean) => void;

/** Types of 32 bits or less: JS numbers hold every value exactly. */
function small(bits: number, isSigned: boolean, cType: string, get: Get, set: Set): TypeInfo {
  const range = isSigned ? signed(bits) : unsigned(bits);
  const [min, max] = [Number(range.min), Number(range.max)];
  return {
    size: bits / 8,
    ...range,
    cType,
    get: (v, o, le) => BigInt(get(v, o, le)),
    set: (v, o, x, le) => set(v, o, Number(x), le),
    value: get,
    number: (v, o) => get(v, o, LITTLE_ENDIAN),
    setValue(v, o, x, le) {
      if (typeof x !== 'number' || x < min || x > max) return false;
      set(v, o, x, le);
      return true;
    },
  };
}

/** 64-bit types: read and written as two 32-bit halves while exact, as BigInt beyond. */
function large(isSigned: boolean): TypeInfo {
  const range = isSigned ? signed(64) : unsigned(64);
  const getBig = (v: DataView, o: number, le: boolean) => (isSigned ? v.getBigInt64(o, le) : v.getBigUint64(o, le));
  const setBig = (v: DataView, o: number, x: bigint, le: boolean) => (isSigned ? v.setBigInt64(o, x, le) : v.setBigUint64(o, x, le));
  return {
    size: 8,
    ...range,
    cType: isSigned ? 'int64_t' : 'uint64_t',
    get: getBig,
    set: setBig,
    value(v, o, le) {
      const lo = v.getUint32(le ? o : o + 4, le);
      const hi = isSigned ? v.getInt32(le ? o + 4 : o, le) : v.getUint32(le ? o + 4 : o, le);
      return hi >= -SAFE_HIGH && hi < SAFE_HIGH ? hi * TWO32 + lo : getBig(v, o, le);
    },
    number: isSigned
      ? (v, o) => {
          const hi = v.getInt32(LITTLE_ENDIAN ? o + 4 : o, LITTLE_ENDIAN);
          return hi >= -SAFE_HIGH && hi < SAFE_HIGH ? hi * TWO32 + v.getUint32(LITTLE_ENDIAN ? o : o + 4, LITTLE_ENDIAN) : NaN;
        }
      : (v, o) => {
          const hi = v.getUint32(LITTLE_ENDIAN ? o + 4 : o, LITTLE_ENDIAN);
          return hi < SAFE_HIGH ? hi * TWO32 + v.getUint32(LITTLE_ENDIAN ? o : o + 4, LITTLE_ENDIAN) : NaN;
        },
    setValue(v, o, x, le) {
      if (typeof x === 'bigint') {
        if (x < range.min || x > range.max) return false;
        setBig(v, o, x, le);
        return true;
      }
      if (x < 0 && !isSigned) return false;
      const hi = Math.floor(x / TWO32);
      v.setUint32(le ? o : o + 4, x - hi * TWO32, le);
      v.setInt32(le ? o + 4 : o, hi, le);
      return true;
    },
  };
}

const TYPES: Readonly<Record<FieldType, TypeInfo>> = {
  int8: small(8, true, 'int8_t', (v, o) => v.getInt8(o), (v, o, x) => v.setInt8(o, x)),
  uint8: small(8, false, 'uint8_t', (v, o) => v.getUint8(o), (v, o, x) => v.setUint8(o, x)),
  int16: small(16, true, 'int16_t', (v, o, le) => v.getInt16(o, le), (v, o, x, le) => v.setInt16(o, x, le)),
  uint16: small(16, false, 'uint16_t', (v, o, le) => v.getUint16(o, le), (v, o, x, le) => v.setUint16(o, x, le)),
  int32: small(32, true, 'int32_t', (v, o, le) => v.getInt32(o, le), (v, o, x, le) => v.setInt32(o, x, le)),
  uint32: small(32, false, 'uint32_t', (v, o, le) => v.getUint32(o, le), (v, o, x, le) => v.setUint32(o, x, le)),
  int64: large(true),
  uint64: large(false),
};


/** The inclusive range of values a field can hold. */
export function fieldRange(type: FieldType): { min: bigint; max: bigint } {
  return { min: TYPES[type].min, max: TYPES[type].max };
}

/** The C spelling of a field's type (`int64_t`), for messages and documentation. */
export function cTypeOf(type: FieldType): string {
  return TYPES[type].cType;
}

/** Lays out fields in order by the C rules: each aligned to its size, the whole padded to the largest. */
export function defineLayout(name: string, spec: ReadonlyArray<readonly [string, FieldType]>): Layout {
  if (spec.length === 0) throw ShmError.usage(`layout ${name} has no fields`);
  const seen = new Set<string>();
  const fields: Field[] = [];
  let offset = 0;
  let align = 1;
  for (const [fieldName, type] of spec) {
    if (seen.has(fieldName)) throw ShmError.usage(`layout ${name} has two fields named ${fieldName}`);
    seen.add(fieldName);
    const { size } = TYPES[type];
    offset = alignUp(offset, size);
    fields.push({ name: fieldName, type, offset, size });
    offset += size;
    align = Math.max(align, size);
  }
  return { name, size: alignUp(offset, align), align, fields };
}

/** The demo's `struct MyData { Col1, Col2, Col3 int }`: three int64 at offsets 0, 8, 16; 24 bytes. */
export const MY_DATA: Layout = defineLayout('MyData', [
  ['Col1', 'int64'],
  ['Col2', 'int64'],
  ['Col3', 'int64'],
]);

/** Finds a field by name, or throws a usage error listing the layout's fields. */
export function fieldOf(layout: Layout, name: string): Field {
  const field = layout.fields.find((f) => f.name === name);
  if (field === undefined) {
    throw ShmError.usage(`unknown field '${name}': ${layout.name} has ${layout.fields.map((f) => f.name).join(', ')}`);
  }
  return field;
}

/** Reads the record at `offset` of `view`, in native byte order. */
export function decodeRecord(layout: Layout, view: DataView, offset: number): RecordValues {
  const out: RecordValues = {};
  for (const f of layout.fields) out[f.name] = TYPES[f.type].get(view, offset + f.offset, LITTLE_ENDIAN);
  return out;
}

/** Writes the given fields of a record at `offset` of `view`; fields not given keep their bytes. */
export function encodeRecord(layout: Layout, values: Partial<RecordValues>, view: DataView, offset: number): void {
  const checked = layout.fields.filter((f) => values[f.name] !== undefined).map((f) => [f, checkValue(f, values[f.name] as bigint)] as const);
  for (const key of Object.keys(values)) fieldOf(layout, key);
  for (const [f, value] of checked) TYPES[f.type].set(view, offset + f.offset, value, LITTLE_ENDIAN);
}

/** Checks that a value fits its field's type, or throws a usage error naming the field and range. */
export function checkValue(field: Field, value: bigint): bigint {
  const { min, max } = TYPES[field.type];
  if (value < min || value > max) {
    throw ShmError.usage(`${field.name} must be an integer from ${min} to ${max} (${field.type}), not ${value}`);
  }
  return value;
}

function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** A field's value at `offset` of `view`: a number where exact (|x| < 2^53), else a BigInt. The fast path for many records. */
export function fieldValue(field: Field, view: DataView, offset: number): number | bigint {
  return TYPES[field.type].value(view, offset + field.offset, LITTLE_ENDIAN);
}

/**
 * The fastest reader of a type's values: `(view, byteOffset)` gives the value as a number where a
 * double holds it exactly, else NaN (then read it with {@link fieldValue}). One function per type,
 * so that a loop over fields of one type calls one function and V8 can inline it.
 */
export function numberReader(type: FieldType): NumberReader {
  return TYPES[type].number;
}

/** See {@link numberReader}. */
export type NumberReader = (view: DataView, byteOffset: number) => number;

/** Stores an integral number (|x| < 2^53) or BigInt into a field; false, storing nothing, when it does not fit the type. */
export function setFieldValue(field: Field, view: DataView, offset: number, value: number | bigint): boolean {
  return TYPES[field.type].setValue(view, offset + field.offset, value, LITTLE_ENDIAN);
}
