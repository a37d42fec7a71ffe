import type { Field } from '../../model/layout';
import type { ScalarType } from '../../model/scalars';
import { safeNames, type EmitInput } from './shared';

/** C's name of each scalar type, from <stdint.h> and <stdbool.h>. */
const C_TYPES: Readonly<Record<ScalarType, string>> = {
  int8: 'int8_t',
  uint8: 'uint8_t',
  int16: 'int16_t',
  uint16: 'uint16_t',
  int32: 'int32_t',
  uint32: 'uint32_t',
  int64: 'int64_t',
  uint64: 'uint64_t',
  float32: 'float',
  float64: 'double',
  bool: 'bool',
};

const C_RESERVED = new Set(
  (
    'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict ' +
    'return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false alignas alignof ' +
    'static_assert thread_local'
  ).split(' '),
);
const CPP_RESERVED = new Set([
  ...C_RESERVED,
  ...(
    'and and_eq asm bitand bitor catch char8_t char16_t char32_t class compl concept consteval constexpr constinit const_cast ' +
    'co_await co_return co_yield decltype delete dynamic_cast explicit export friend mutable namespace new noexcept not not_eq ' +
    'nullptr operator or or_eq private protected public reinterpret_cast requires static_cast template this throw try typeid ' +
    'typename using virtual wchar_t xor xor_eq'
  ).split(' '),
]);

/** A field as C (and C++, with `std::` for the integer types) declares it. */
function member(field: Field, name: string, std: string): string {
  if (field.kind === 'char') return `char ${name}[${field.count}];`;
  const type = C_TYPES[field.element];
  const qualified = type.endsWith('_t') ? `${std}${type}` : type;
  return `${qualified} ${name}${field.kind === 'array' ? `[${field.count}]` : ''};`;
}

/** The struct in C11, with `_Static_assert`s on its size and every field's offset. */
export function cDeclaration({ layout, type, about }: EmitInput): string {
  const names = safeNames(layout.fields, (n) => (C_RESERVED.has(n) ? `${n}_` : n));
  return [
    `/* ${about} */`,
    '#include <stdbool.h>',
    '#include <stddef.h>',
    '#include <stdint.h>',
    '',
    `struct ${layout.packed ? '__attribute__((packed)) ' : ''}${type} {`,
    ...layout.fields.map((f, k) => `    ${member(f, names[k], '')}`),
    '};',
    '',
    `_Static_assert(sizeof(struct ${type}) == ${layout.size}, "struct ${type} is ${layout.size} bytes");`,
    ...layout.fields.map(
      (f, k) => `_Static_assert(offsetof(struct ${type}, ${names[k]}) == ${f.offset}, "${names[k]} is at byte ${f.offset}");`,
    ),
    '',
  ].join('\n');
}

/** The struct in C++11, with `static_assert`s on its size and every field's offset. */
export function cppDeclaration({ layout, type, about }: EmitInput): string {
  const names = safeNames(layout.fields, (n) => (CPP_RESERVED.has(n) ? `${n}_` : n));
  return [
    `// ${about}`,
    '#include <cstddef>',
    '#include <cstdint>',
    '',
    `struct ${layout.packed ? '__attribute__((packed)) ' : ''}${type} {`,
    ...layout.fields.map((f, k) => `    ${member(f, names[k], 'std::')}`),
    '};',
    '',
    `static_assert(sizeof(${type}) == ${layout.size}, "${type} is ${layout.size} bytes");`,
    ...layout.fields.map((f, k) => `static_assert(offsetof(${type}, ${names[k]}) == ${f.offset}, "${names[k]} is at byte ${f.offset}");`),
    '',
  ].join('\n');
}
