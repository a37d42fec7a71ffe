import type { Field } from '../../model/layout';
import { SCALARS } from '../../model/scalars';
import { byteCount, safeNames, type EmitInput } from './shared';

/** Words C reserves, and names <stdint.h>, <stdbool.h>, <stddef.h> or gcc's default dialect define as macros. */
export const C_RESERVED = new Set(
  (
    'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict ' +
    'return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false alignas alignof ' +
    'static_assert thread_local _Alignas _Alignof _Atomic _Bool _Complex _Generic _Imaginary _Noreturn _Static_assert ' +
    '_Thread_local NULL offsetof linux unix i386 SIZE_MAX PTRDIFF_MIN PTRDIFF_MAX'
  ).split(' '),
);
/** The limit macros of <stdint.h>: INT8_MAX, UINT64_C... */
const STDINT_MACRO = /^U?INT(?:8|16|32|64|PTR|MAX|_LEAST\d+|_FAST\d+)_(?:MAX|MIN|C)$/;
/** Words C++ reserves, and C's. */
export const CPP_RESERVED = new Set([
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
  const type = SCALARS[field.element].cType;
  const qualified = type.endsWith('_t') ? `${std}${type}` : type;
  return `${qualified} ${name}${field.kind === 'array' ? `[${field.count}]` : ''};`;
}

/** What tells the two languages apart here. */
interface Dialect {
  readonly reserved: ReadonlySet<string>;
  readonly comment: (text: string) => string;
  readonly includes: readonly string[];
  /** Before the <stdint.h> type names: `std::` in C++. */
  readonly std: string;
  /** How the type is named in an expression: `struct Tick` in C, `Tick` in C++. */
  readonly typeRef: (type: string) => string;
  readonly assert: string;
}

const C: Dialect = {
  reserved: C_RESERVED,
  comment: (text) => `/* ${text} */`,
  includes: ['<stdbool.h>', '<stddef.h>', '<stdint.h>'],
  std: '',
  typeRef: (type) => `struct ${type}`,
  assert: '_Static_assert',
};
const CPP: Dialect = {
  reserved: CPP_RESERVED,
  comment: (text) => `// ${text}`,
  includes: ['<cstddef>', '<cstdint>'],
  std: 'std::',
  typeRef: (type) => type,
  assert: 'static_assert',
};

function declaration({ layout, type, about }: EmitInput, d: Dialect): string {
  const names = safeNames(layout.fields, (n) => (d.reserved.has(n) || STDINT_MACRO.test(n) ? `${n}_` : n));
  const ref = d.typeRef(type);
  return [
    d.comment(about),
    ...d.includes.map((file) => `#include ${file}`),
    '',
    `struct ${layout.packed ? '__attribute__((packed)) ' : ''}${type} {`,
    ...layout.fields.map((f, k) => `    ${member(f, names[k], d.std)}`),
    '};',
    '',
    `${d.assert}(sizeof(${ref}) == ${layout.size}, "${ref} is ${byteCount(layout.size)}");`,
    ...layout.fields.map((f, k) => `${d.assert}(offsetof(${ref}, ${names[k]}) == ${f.offset}, "${names[k]} is at byte ${f.offset}");`),
    '',
  ].join('\n');
}

/** The struct in C11, with `_Static_assert`s on its size and every field's offset. */
export function cDeclaration(input: EmitInput): string {
  return declaration(input, C);
}

/** The struct in C++11, with `static_assert`s on its size and every field's offset. */
export function cppDeclaration(input: EmitInput): string {
  return declaration(input, CPP);
}
