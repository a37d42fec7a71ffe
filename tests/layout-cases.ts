import { defineLayout, type Field, type Layout, type RecordValues } from '../src/model/layout';
import { intRange } from './helpers';
import type { ScalarType } from '../src/model/scalars';

// Random layouts for the tests that check them against compilers: seeded, so a failure can be replayed.

export const SCALARS: ScalarType[] = [
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'float32',
  'float64',
  'bool',
];

/** A small, seeded generator: the same layouts on every run, so a failure can be reproduced. */
export function random(seed: number) {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return { int: (n: number) => Math.floor(next() * n), next };
}

/** Field names some language reserves (C, C++, Go, Rust, Python and its ctypes), or that clash once capitalised or escaped. */
export const RESERVED_NAMES = [
  'type',
  'class',
  'for',
  'int',
  'self',
  'match',
  'new',
  'def',
  '_',
  '_x',
  'range',
  'Id',
  'id',
  'None',
  'struct',
  'fn',
  '_fields_',
  'from_buffer',
];

/**
 * A layout of 1 to 8 fields of every kind, `f0`, `f1`..., a quarter of them packed, named `L<n>`;
 * with `reserved`, about a third of the fields get one of {@link RESERVED_NAMES} instead.
 */
export function randomLayout(rng: ReturnType<typeof random>, n: number, reserved = false): Layout {
  const count = 1 + rng.int(8);
  const words = [...RESERVED_NAMES];
  const name = (i: number) => (reserved && rng.int(3) === 0 ? words.splice(rng.int(words.length), 1)[0] : `f${i}`);
  const spec = Array.from({ length: count }, (_, i) => {
    const pick = rng.int(10);
    const scalar = SCALARS[rng.int(SCALARS.length)];
    const type = pick === 0 ? `char[${1 + rng.int(20)}]` : pick === 1 && scalar !== 'bool' ? `${scalar}[${1 + rng.int(5)}]` : scalar;
    return [name(i), type] as const;
  });
  return defineLayout(`L${n}`, spec, rng.int(4) === 0);
}

/** A value for a field that C and we both write and read exactly. */
export function valueFor(field: Field, rng: ReturnType<typeof random>): RecordValues[string] {
  const scalar = (type: ScalarType): bigint | number | boolean => {
    if (type === 'bool') return rng.int(2) === 1;
    if (type === 'float64') return (rng.next() - 0.5) * 10 ** (rng.int(40) - 20);
    if (type === 'float32') return Math.fround((rng.next() - 0.5) * 10 ** (rng.int(20) - 10));
    const { min, max } = intRange(type);
    const pick = rng.int(4);
    return pick === 0 ? min : pick === 1 ? max : min + ((max - min) * BigInt(rng.int(1000))) / 1000n;
  };
  if (field.kind === 'char') return Array.from({ length: rng.int(field.count + 1) }, () => 'abcXYZ019 _-'[rng.int(12)]).join('');
  if (field.kind === 'array') return Array.from({ length: field.count }, () => scalar(field.element));
  return scalar(field.element);
}

/**
 * A field's text, from the C program or from shm-reader, as a canonical value to compare: floats
 * as numbers (float32 rounded to float32: each side prints its own shortest form), bools as true
 * or false (C prints 1 and 0), integers and strings as they are.
 */
export function canonical(f: Field, text: string): unknown {
  const one = (x: string) => {
    if (f.element === 'float32' || f.element === 'float64') {
      const n = Number(x === 'nan' || x === '-nan' ? NaN : x);
      return String(f.element === 'float32' ? Math.fround(n) : n);
    }
    return f.element === 'bool' ? x === 'true' || x === '1' : x;
  };
  return f.kind === 'char' ? text : f.kind === 'array' ? text.split(',').map(one) : one(text);
}

/** Our values, printed as shm-reader prints them in TSV. */
export function valueLines(layout: Layout, values: RecordValues): string[] {
  return layout.fields.map((f) => {
    const v = values[f.name];
    return f.kind === 'array' ? (v as (bigint | number | boolean)[]).join(',') : String(v);
  });
}
/** Lines of field texts (any number of records) as canonical values, to compare. */
export const same = (layout: Layout, lines: string[]) => lines.map((l, i) => canonical(layout.fields[i % layout.fields.length], l));
