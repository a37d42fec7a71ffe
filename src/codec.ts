import { endianness } from 'node:os';
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

interface TypeInfo {
  readonly size: number;
  readonly min: bigint;
  readonly max: bigint;
  readonly cType: string;
  get(view: DataView, offset: number, le: boolean): bigint;
  set(view: DataView, offset: number, value: bigint, le: boolean): void;
}

const signed = (bits: number) => ({ min: -(1n << BigInt(bits - 1)), max: (1n << BigInt(bits - 1)) - 1n });
const unsigned = (bits: number) => ({ min: 0n, max: (1n << BigInt(bits)) - 1n });

const TYPES: Readonly<Record<FieldType, TypeInfo>> = {
  int8: { size: 1, ...signed(8), cType: 'int8_t', get: (v, o) => BigInt(v.getInt8(o)), set: (v, o, x) => v.setInt8(o, Number(x)) },
  uint8: { size: 1, ...unsigned(8), cType: 'uint8_t', get: (v, o) => BigInt(v.getUint8(o)), set: (v, o, x) => v.setUint8(o, Number(x)) },
  int16: { size: 2, ...signed(16), cType: 'int16_t', get: (v, o, le) => BigInt(v.getInt16(o, le)), set: (v, o, x, le) => v.setInt16(o, Number(x), le) },
  uint16: { size: 2, ...unsigned(16), cType: 'uint16_t', get: (v, o, le) => BigInt(v.getUint16(o, le)), set: (v, o, x, le) => v.setUint16(o, Number(x), le) },
  int32: { size: 4, ...signed(32), cType: 'int32_t', get: (v, o, le) => BigInt(v.getInt32(o, le)), set: (v, o, x, le) => v.setInt32(o, Number(x), le) },
  uint32: { size: 4, ...unsigned(32), cType: 'uint32_t', get: (v, o, le) => BigInt(v.getUint32(o, le)), set: (v, o, x, le) => v.setUint32(o, Number(x), le) },
  int64: { size: 8, ...signed(64), cType: 'int64_t', get: (v, o, le) => v.getBigInt64(o, le), set: (v, o, x, le) => v.setBigInt64(o, x, le) },
  uint64: { size: 8, ...unsigned(64), cType: 'uint64_t', get: (v, o, le) => v.getBigUint64(o, le), set: (v, o, x, le) => v.setBigUint64(o, x, le) },
};

const LITTLE_ENDIAN = endianness() === 'LE';

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
