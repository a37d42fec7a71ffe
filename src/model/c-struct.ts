import { quote, ShmError } from './errors';
import { defineLayout, type Layout } from './layout';
import { SCALAR_TYPES, SCALARS } from './scalars';

/** C's names of the scalar types a field may have (the scalar table's, C++'s `std::` ones, and `_Bool`), and ours. */
const C_TYPES: ReadonlyMap<string, string> = new Map([
  ...SCALAR_TYPES.map((t) => [SCALARS[t].cType, t] as const),
  ['_Bool', 'bool'],
  ['char', 'char'],
]);

const PACKED = /__attribute__\s*\(\(\s*(?:__)?packed(?:__)?\s*\)\)/g;
// Attributes (with one level of parentheses inside: `aligned(8)`), the tag, the body, an alias.
const ATTRIBUTES = String.raw`((?:__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)\s*)*)`;
const STRUCT = new RegExp(
  String.raw`(?:typedef\s+)?struct\s*${ATTRIBUTES}([A-Za-z_]\w*)?\s*${ATTRIBUTES}\{([^{}]*)\}\s*${ATTRIBUTES}([A-Za-z_]\w*)?`,
);

/**
 * Reads the first struct of a C declaration, as a C program already has it: fields of
 * `int8_t`...`uint64_t`, `float`, `double`, `bool`, `char name[N]` and arrays `T name[N]`, several
 * to a line (`int32_t a, b[2];`), `__attribute__((packed))` before or after the braces; comments,
 * `#` lines and `_Static_assert`/`static_assert`s are passed over. `source` names it in messages.
 * E.g. `struct Tick { int32_t id; double price; };` is the layout `id:int32,price:float64`.
 */
export function parseCStruct(text: string, source: string, packedAsked = false): Layout {
  if (/^\s*#\s*pragma\s+pack\b/m.test(text))
    throw ShmError.usage(`struct in ${quote(source)}: #pragma pack is not read: write __attribute__((packed)) on the struct`);
  const code = stripped(text);
  const m = STRUCT.exec(code);
  if (m === null) throw ShmError.usage(`no struct { ... } in ${quote(source)}`);
  // A struct inside another (or a union around it) would be read as the inner one alone.
  if (code.indexOf('{') !== m.index + m[0].indexOf('{'))
    throw ShmError.usage(`struct in ${quote(source)}: a struct or union inside a struct is not read: spell its fields out`);
  const [, before, tag, between, body, after, alias] = m;
  const attributes = `${before} ${between} ${after}`;
  const unknown = attributes.replace(PACKED, '').replace(/\s/g, '');
  if (unknown !== '') throw ShmError.usage(`struct in ${quote(source)}: only __attribute__((packed)) is understood, not ${quote(unknown)}`);
  const packed = packedAsked || attributes.replace(PACKED, '') !== attributes;
  const fields: Array<readonly [string, string]> = [];
  for (const raw of body.split(';')) {
    const decl = raw.trim();
    if (decl === '') continue;
    const parts = /^(?:const\s+|volatile\s+)*((?:std::)?\w+)\s+(.+)$/.exec(decl);
    const type = parts === null ? undefined : C_TYPES.get(parts[1].replace(/^std::/, ''));
    if (parts === null || type === undefined)
      throw ShmError.usage(
        `struct in ${quote(source)}: cannot read ${quote(decl)}: fields are int8_t...uint64_t, float, double, bool or char arrays, e.g. int32_t id; char name[16];`,
      );
    for (const declarator of parts[2].split(',')) {
      const d = /^\s*([A-Za-z_]\w*)\s*(?:\[\s*(\d+)\s*\])?\s*$/.exec(declarator);
      if (d === null)
        throw ShmError.usage(`struct in ${quote(source)}: cannot read the field ${quote(declarator.trim())} of ${quote(decl)}`);
      const [, name, count] = d;
      if (type === 'char' && count === undefined)
        throw ShmError.usage(`struct in ${quote(source)}: char ${name} is one byte of text: write char ${name}[1], or int8_t or uint8_t`);
      fields.push([name, count === undefined ? type : `${type}[${count}]`]);
    }
  }
  if (fields.length === 0) throw ShmError.usage(`struct in ${quote(source)} has no fields`);
  return defineLayout(alias ?? tag ?? 'layout', fields, packed);
}

/** The code without comments, preprocessor lines and static assertions. */
function stripped(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/^\s*#[^\n]*/gm, ' ')
    .replace(/\b(?:_Static_assert|static_assert)\s*\((?:[^;"]|"(?:[^"\\]|\\.)*")*\)\s*;/g, ' ');
}
