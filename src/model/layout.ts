import { quote, ShmError } from './errors';
import { isScalarType, SCALAR_TYPES, SCALARS, type FloatType, type IntType, type NumericType, type ScalarType } from './scalars';

/** A field's type: a scalar, a fixed array of a numeric type (`int16[4]`), or a string of N bytes (`char[16]`). */
export type FieldType = ScalarType | `${NumericType}[${number}]` | `char[${number}]`;

/** What a field holds, which decides its JS value: `int` BigInt, `float` number, `bool` boolean, `char` string, `array` an array of its element's values. */
export type FieldKind = 'int' | 'float' | 'bool' | 'char' | 'array';

/** One field of a record: its name, C type, and where it lies in the record. */
export interface Field {
  readonly name: string;
  readonly type: FieldType;
  readonly kind: FieldKind;
  /** The scalar type of the field, or of each element of an array; `uint8` bytes for `char`. */
  readonly element: ScalarType;
  /** Elements in an array, bytes in a `char[N]`; 1 for a scalar. */
  readonly count: number;
  readonly offset: number;
  readonly size: number;
  readonly align: number;
}

/** A record layout: the single source of truth for offsets, sizes and types. */
export interface Layout {
  readonly name: string;
  /** sizeof the struct, trailing padding included. */
  readonly size: number;
  readonly align: number;
  /** Laid out with no padding, like `__attribute__((packed))`. */
  readonly packed: boolean;
  readonly fields: readonly Field[];
}

/** A field's JS value. */
export type Value = bigint | number | boolean | string | readonly (bigint | number | boolean)[];
/** A record's values by field name. */
export type RecordValues = Record<string, Value>;

/** The name of a layout given without one of its own (an inline spec): `--emit` names its type after the segment. */
export const UNNAMED = 'layout';

/** What C accepts as a name: a struct's, a field's. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The largest record: 1 GiB, so that one record is always read and written in one piece. */
const MAX_RECORD = 1 << 30;

/** The most elements an array, or bytes a `char[N]`, may have. */
const MAX_COUNT = 1 << 20;

/** Reads a field type such as `int32`, `float64[3]` or `char[16]`; throws a usage error naming the accepted types. */
function fieldType(type: string): Pick<Field, 'type' | 'kind' | 'element' | 'count' | 'size' | 'align'> {
  const m = /^([a-z0-9]+)(?:\[(\d+)\])?$/.exec(type);
  const base = m?.[1] ?? '';
  const count = m?.[2] === undefined ? undefined : Number(m[2]);
  const scalar = isScalarType(base) ? base : undefined;
  if ((scalar === undefined && base !== 'char') || (base === 'char' && count === undefined) || (base === 'bool' && count !== undefined)) {
    throw ShmError.usage(
      `unknown field type ${quote(type)}: use ${SCALAR_TYPES.join(', ')}, char[N], or an array of a numeric type such as int16[4]`,
    );
  }
  if (count !== undefined && (count < 1 || count > MAX_COUNT))
    throw ShmError.usage(`field type ${quote(type)}: N must be from 1 to ${MAX_COUNT}`);
  if (scalar === undefined)
    return { type: type as FieldType, kind: 'char', element: 'uint8', count: count as number, size: count as number, align: 1 };
  const { size, kind } = SCALARS[scalar];
  return {
    type: type as FieldType,
    kind: count === undefined ? kind : 'array',
    element: scalar,
    count: count ?? 1,
    size: size * (count ?? 1),
    align: size,
  };
}

/**
 * Lays out fields in order by the C rules of this platform (x86-64 and AArch64 Linux): each field
 * aligned to its type's size (an array's, or a char[N]'s, to its element's), the whole padded to
 * its largest alignment. With `packed`, no padding at all, as `__attribute__((packed))` does.
 */
export function defineLayout(name: string, spec: ReadonlyArray<readonly [string, string]>, packed = false): Layout {
  if (!IDENTIFIER.test(name)) throw ShmError.usage(`layout name ${quote(name)} is not a C identifier`);
  if (spec.length === 0) throw ShmError.usage(`layout ${name} has no fields`);
  const seen = new Set<string>();
  const fields: Field[] = [];
  let offset = 0;
  let align = 1;
  for (const [fieldName, type] of spec) {
    if (!IDENTIFIER.test(fieldName)) throw ShmError.usage(`field name ${quote(fieldName)} of layout ${name} is not a C identifier`);
    if (seen.has(fieldName)) throw ShmError.usage(`layout ${name} has two fields named ${fieldName}`);
    seen.add(fieldName);
    const t = fieldType(type);
    const fieldAlign = packed ? 1 : t.align;
    offset = alignUp(offset, fieldAlign);
    fields.push({ name: fieldName, ...t, offset, align: fieldAlign });
    offset += t.size;
    align = Math.max(align, fieldAlign);
  }
  const size = alignUp(offset, align);
  if (size > MAX_RECORD) throw ShmError.usage(`layout ${name} is ${size} bytes: a record may take at most ${MAX_RECORD} bytes`);
  return { name, size, align, packed, fields };
}

/** The demo's `struct MyData { Col1, Col2, Col3 int }`: three int64 at offsets 0, 8, 16; 24 bytes. */
export const MY_DATA: Layout = defineLayout('MyData', [
  ['Col1', 'int64'],
  ['Col2', 'int64'],
  ['Col3', 'int64'],
]);

function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** The JS value of a field type: integers BigInt, floats number, bool boolean, char[N] string, arrays arrays. */
export type ValueOf<T extends string> = T extends IntType
  ? bigint
  : T extends FloatType
    ? number
    : T extends 'bool'
      ? boolean
      : T extends `char[${number}]`
        ? string
        : T extends `${IntType}[${number}]`
          ? bigint[]
          : T extends `${FloatType}[${number}]`
            ? number[]
            : never;

/** The record type of a layout defined with {@link layout}: `{ id: bigint; price: number; name: string }`. */
export type RecordOf<S extends Readonly<Record<string, FieldType>>> = { -readonly [K in keyof S]: ValueOf<S[K] & string> };

/** What a write takes for a record of type `R`: any of its fields, integers as BigInt or as exact integer numbers. */
export type RecordInput<R> = {
  [K in keyof R]?: R[K] extends bigint ? bigint | number : R[K] extends readonly bigint[] ? ReadonlyArray<bigint | number> : R[K];
};

/** A layout that carries the TypeScript type of its records. */
export interface TypedLayout<R> extends Layout {
  /** Never set: only carries the record type. */
  readonly __record?: R;
}

/**
 * Defines a layout in code, fields in the order written, and infers its record type:
 * `layout({ id: 'int32', price: 'float64', name: 'char[16]' })` holds `{ id: bigint; price: number; name: string }`.
 */
export function layout<const S extends Readonly<Record<string, FieldType>>>(
  fields: S,
  options: { name?: string; packed?: boolean } = {},
): TypedLayout<RecordOf<S>> {
  return defineLayout(options.name ?? UNNAMED, Object.entries(fields), options.packed === true);
}
