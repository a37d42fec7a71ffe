import { readFileSync } from 'node:fs';
import { SCALAR_TYPES, scalarInfo } from './codec';
import { ShmError } from './errors';

/** Integer C types: values are BigInt, so that every 64-bit value is exact. */
export type IntType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';
/** Numeric C types: the integers and IEEE floats. */
export type NumericType = IntType | 'float32' | 'float64';
/** Types of a single value. */
export type ScalarType = NumericType | 'bool';
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

/** Reads a field type such as `int32`, `float64[3]` or `char[16]`; throws a usage error naming the accepted types. */
export function fieldType(type: string): Pick<Field, 'type' | 'kind' | 'element' | 'count' | 'size' | 'align'> {
  const m = /^([a-z0-9]+)(?:\[(\d+)\])?$/.exec(type);
  const base = m?.[1] ?? '';
  const count = m?.[2] === undefined ? undefined : Number(m[2]);
  const known = (SCALAR_TYPES as readonly string[]).includes(base) || base === 'char';
  if (m === null || !known || (base === 'char' && count === undefined) || (base === 'bool' && count !== undefined)) {
    throw ShmError.usage(`unknown field type '${type}': use ${SCALAR_TYPES.join(', ')}, char[N], or an array of a numeric type such as int16[4]`);
  }
  if (count !== undefined && (count < 1 || count > 1 << 20)) throw ShmError.usage(`field type '${type}': N must be from 1 to ${1 << 20}`);
  if (base === 'char') return { type: type as FieldType, kind: 'char', element: 'uint8', count: count as number, size: count as number, align: 1 };
  const scalar = scalarInfo(base as ScalarType);
  const kind = count === undefined ? scalar.kind : 'array';
  return { type: type as FieldType, kind, element: base as ScalarType, count: count ?? 1, size: scalar.size * (count ?? 1), align: scalar.size };
}

/**
 * Lays out fields in order by the C rules of this platform (x86-64 and AArch64 Linux): each field
 * aligned to its type's size (an array's, or a char[N]'s, to its element's), the whole padded to
 * its largest alignment. With `packed`, no padding at all, as `__attribute__((packed))` does.
 */
export function defineLayout(name: string, spec: ReadonlyArray<readonly [string, string]>, packed = false): Layout {
  if (spec.length === 0) throw ShmError.usage(`layout ${name} has no fields`);
  const seen = new Set<string>();
  const fields: Field[] = [];
  let offset = 0;
  let align = 1;
  for (const [fieldName, type] of spec) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(fieldName)) throw ShmError.usage(`field name '${fieldName}' of layout ${name} is not a C identifier`);
    if (seen.has(fieldName)) throw ShmError.usage(`layout ${name} has two fields named ${fieldName}`);
    seen.add(fieldName);
    const t = fieldType(type);
    const fieldAlign = packed ? 1 : t.align;
    offset = alignUp(offset, fieldAlign);
    fields.push({ name: fieldName, ...t, offset, align: fieldAlign });
    offset += t.size;
    align = Math.max(align, fieldAlign);
  }
  return { name, size: alignUp(offset, align), align, packed, fields };
}

/** The demo's `struct MyData { Col1, Col2, Col3 int }`: three int64 at offsets 0, 8, 16; 24 bytes. */
export const MY_DATA: Layout = defineLayout('MyData', [
  ['Col1', 'int64'],
  ['Col2', 'int64'],
  ['Col3', 'int64'],
]);

/** The C spelling of a field, `int16_t samples[4]`, for messages, documentation and tests. */
export function cDeclaration(field: Field): string {
  const base = field.kind === 'char' ? 'char' : scalarInfo(field.element).cType;
  return `${base} ${field.name}${field.kind === 'array' || field.kind === 'char' ? `[${field.count}]` : ''}`;
}

/** A layout file: `{"name": "Tick", "packed": false, "fields": [{"name": "id", "type": "int32"}, ...]}`. */
export interface LayoutFile {
  readonly name?: string;
  readonly packed?: boolean;
  readonly fields: ReadonlyArray<{ readonly name: string; readonly type: string }>;
}

/**
 * Reads a layout from the command line: inline, `id:int32,price:float64,name:char[16]`, or
 * `@path` to a {@link LayoutFile}; none is {@link MY_DATA}. `packed` lays it out with no padding
 * (a file can say so too).
 */
export function parseLayout(spec: string | undefined, packed = false): Layout {
  if (spec === undefined) {
    if (packed) throw ShmError.usage('--packed goes with --layout: the default layout, MyData, has no padding to remove');
    return MY_DATA;
  }
  if (spec.startsWith('@')) return layoutFromFile(spec.slice(1), packed);
  const fields = spec.split(',').map((part) => {
    const m = /^\s*([^:\s]+)\s*:\s*(\S+)\s*$/.exec(part);
    if (m === null) throw ShmError.usage(`invalid layout ${JSON.stringify(spec)}: write fields as name:type, separated by commas, e.g. id:int32,price:float64,name:char[16]`);
    return [m[1], m[2]] as const;
  });
  return defineLayout('layout', fields, packed);
}

function layoutFromFile(path: string, packed: boolean): Layout {
  let file: LayoutFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as LayoutFile;
  } catch (err) {
    throw ShmError.usage(`cannot read layout file ${path}: ${(err as Error).message}`);
  }
  const ok = typeof file === 'object' && file !== null && Array.isArray(file.fields) && file.fields.every((f) => typeof f?.name === 'string' && typeof f?.type === 'string');
  if (!ok || (file.packed !== undefined && typeof file.packed !== 'boolean') || (file.name !== undefined && typeof file.name !== 'string')) {
    throw ShmError.usage(`layout file ${path} must hold {"name": "...", "packed": false, "fields": [{"name": "id", "type": "int32"}, ...]}`);
  }
  return defineLayout(file.name ?? 'layout', file.fields.map((f) => [f.name, f.type] as const), packed || file.packed === true);
}

function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** The JS value of a field type: integers BigInt, floats number, bool boolean, char[N] string, arrays arrays. */
export type ValueOf<T extends string> = T extends IntType
  ? bigint
  : T extends 'float32' | 'float64'
    ? number
    : T extends 'bool'
      ? boolean
      : T extends `char[${number}]`
        ? string
        : T extends `${IntType}[${number}]`
          ? bigint[]
          : T extends `${'float32' | 'float64'}[${number}]`
            ? number[]
            : never;

/** The record type of a layout defined with {@link layout}: `{ id: bigint; price: number; name: string }`. */
export type RecordOf<S extends Readonly<Record<string, FieldType>>> = { -readonly [K in keyof S]: ValueOf<S[K] & string> };

/** A layout that carries the TypeScript type of its records. */
export interface TypedLayout<R> extends Layout {
  /** Never set: only carries the record type. */
  readonly __record?: R;
}

/**
 * Defines a layout in code, fields in the order written, and infers its record type:
 * `layout({ id: 'int32', price: 'float64', name: 'char[16]' })` holds `{ id: bigint; price: number; name: string }`.
 */
export function layout<const S extends Readonly<Record<string, FieldType>>>(fields: S, options: { name?: string; packed?: boolean } = {}): TypedLayout<RecordOf<S>> {
  return defineLayout(options.name ?? 'layout', Object.entries(fields), options.packed === true);
}
