import { cTokens, readCSource, type CSource, type Fail, type Token } from './c-source';
import { listWords, quote, ShmError } from './errors';
import { defineLayout, UNNAMED, type Layout } from './layout';
import { SCALAR_TYPES, SCALARS } from './scalars';

/** C's names of the scalar types a field may have (the scalar table's, `_Bool`, the one-byte chars), and ours. */
const C_TYPES: ReadonlyMap<string, string> = new Map([
  ...SCALAR_TYPES.map((t) => [SCALARS[t].cType, t] as const),
  ['_Bool', 'bool'],
  ['char', 'char'],
  ['signed char', 'int8'],
  ['unsigned char', 'uint8'],
]);

/** C's types whose size the platform chooses, and what to write instead. */
const NOT_FIXED: ReadonlyMap<string, string> = new Map([
  ...['', 'unsigned '].flatMap((u) => {
    const w = u === '' ? 'int' : 'uint';
    return [
      [`${u}short`, `${u}short has no fixed size in C: write ${w}16_t`],
      [`${u}int`, `${u}int has no fixed size in C: write ${w}32_t`],
      [`${u}long`, `${u}long is 8 bytes on 64-bit Linux and 4 elsewhere: write ${w}64_t or ${w}32_t`],
      [`${u}long long`, `${u}long long has no fixed size in C: write ${w}64_t`],
    ] as const;
  }),
  ['long double', 'long double has no fixed size or format in C: write double'],
  ...['size_t', 'uintptr_t'].map((t) => [t, `${t} is as wide as a pointer: write uint64_t or uint32_t`] as const),
  ...['ssize_t', 'ptrdiff_t', 'intptr_t'].map((t) => [t, `${t} is as wide as a pointer: write int64_t or int32_t`] as const),
]);

const BUILTIN = new Set(['signed', 'unsigned', 'short', 'long', 'int', 'char', 'float', 'double', '_Bool', 'bool']);
const STATIC_ASSERTS = new Set(['_Static_assert', 'static_assert']);
/** Where a `struct` that is not followed by its `{` stops being looked at. */
const STOPS = new Set(['{', '}', ';', '=', 'struct', 'union', 'enum', 'typedef']);
const FIELDS = 'fields are int8_t...uint64_t, float, double, bool or char arrays, e.g. int32_t id; char name[16];';

/**
 * Reads the struct of a C declaration, as a C program already has it (`wanted`, by its typedef or
 * tag, where there are several: with none, several are refused, naming them): fields of
 * `int8_t`...`uint64_t`, `float`, `double`, `bool`, `signed char`, `unsigned char`, `char name[N]`
 * and arrays `T name[N]`, several to a line (`int32_t a, b[2];`), `const` or `volatile`,
 * `__attribute__((packed))` before or after the braces. Comments, `#include`s, `#define`s and
 * `_Static_assert`/`static_assert`s are passed over; `#if 0` and `#if 1` groups (and their `#else`)
 * are read as the compiler reads them. Other conditions are not evaluated: around the whole struct
 * (an include guard, `#ifdef __cplusplus`) they are passed over, but one inside the struct, or a
 * struct in one of several branches (`#ifdef X ... #else ... #endif`), is refused, as are
 * `#pragma pack`, nested structs, bit-fields, unknown attributes and the types whose size is the
 * platform's (`int`, `long`, `size_t`: the message names the stdint type to write). The layout's
 * name is the typedef's (`typedef struct { ... } Name;`), else the tag (`struct Tag { ... } t[4];`).
 * `source` names the text in messages. E.g. `struct Tick { int32_t id; double price; };` is the
 * layout `id:int32,price:float64`.
 */
export function parseCStruct(text: string, source: string, packedAsked = false, wanted?: string): Layout {
  const fail: Fail = (line, problem) => {
    throw ShmError.usage(`struct in ${quote(source)}${text.includes('\n') ? `, line ${line}` : ''}: ${problem}`);
  };
  const c = readCSource(text, fail);
  const t = cTokens(c.code);
  const found = chooseStruct(structsIn(t, c.code, fail), source, wanted, fail);
  const { members, close } = body(t, found.open, fail);
  const end = attributes(t, close + 1, found.groups, fail) + (found.alias === undefined ? 0 : 1);
  const from = t[found.first].line;
  checkDirectives(c, from, t[end - 1].line, fail);
  const packed = found.groups.map((g) => attributePacked(g, fail)).includes(true);
  const { name } = found;
  const spec = members.flatMap((m) => fieldsOf(m, c.code, fail));
  if (spec.length === 0) fail(from, `${name} has no fields`);
  return defineLayout(name, spec, packedAsked || packed);
}

/** Where the first struct with a body starts (at `typedef`, if any), its `{`, its tag, and the attributes before the `{`. */
interface Found {
  readonly first: number;
  readonly open: number;
  readonly typedef: boolean;
  readonly tag?: string;
  readonly groups: Token[][];
  /** The line of a struct inside a union, a function or another struct: not read, but refused only where it is the one asked for. */
  readonly enclosed?: number;
}

/** A struct with a body, and its name: the typedef's, else its tag, else none of its own. */
interface Named extends Found {
  readonly name: string;
  readonly alias?: string;
}

/** Every struct with a body outside any other, in order. */
function structsIn(t: Token[], code: string, fail: Fail): Named[] {
  const all: Named[] = [];
  for (let at = 0; ;) {
    const found = findStruct(t, code, fail, at);
    if (found === undefined) return all;
    const close = closing(t, found.open);
    const end = attributes(t, close + 1, [], fail);
    // After the braces, a typedef names the type; a plain struct declares variables (`t[4]`), which are not the layout.
    const alias = found.typedef && isWord(t[end]) && !['[', '('].includes(t[end + 1]?.text ?? '') ? t[end].text : undefined;
    all.push({ ...found, alias, name: alias ?? found.tag ?? UNNAMED });
    at = close + 1;
  }
}

/** The struct named `wanted` (by its typedef or its tag), else the only one: a usage error names them where that is not one. */
function chooseStruct(found: readonly Named[], source: string, wanted: string | undefined, fail: Fail): Named {
  const all = found.filter((f) => f.enclosed === undefined);
  const chosen = wanted !== undefined ? found.find((f) => f.alias === wanted || f.tag === wanted) : all.length === 0 ? found[0] : undefined;
  if (chosen?.enclosed !== undefined)
    fail(chosen.enclosed, 'a struct inside a union, a function or another struct is not read: spell its fields out');
  if (chosen !== undefined) return chosen;
  if (all.length === 0) throw ShmError.usage(`no struct { ... } in ${quote(source)}`);
  const names = all.map((f) =>
    f.name === UNNAMED
      ? 'an untagged struct'
      : f.alias !== undefined && f.tag !== undefined && f.tag !== f.alias
        ? `${f.alias} (${f.tag})`
        : f.name,
  );
  if (wanted !== undefined) throw ShmError.usage(`no struct ${wanted} in ${quote(source)}: it declares ${listWords(names)}`);
  // Structs of one name are one struct in branches of an #ifdef: the branch is what to refuse.
  if (all.length > 1 && (all[0].name === UNNAMED || all.some((f) => f.name !== all[0].name)))
    throw ShmError.usage(`${quote(source)} declares ${all.length} structs, ${listWords(names)}: name the one to read`, {
      reason: 'several-structs',
    });
  return all[0];
}

/** The index of the `}` that closes the `{` at `open` (past the end where none does). */
function closing(t: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    depth += t[i].text === '{' ? 1 : t[i].text === '}' ? -1 : 0;
    if (depth === 0) return i;
  }
  return t.length;
}

/** The first struct with a body from token `from` on, if any. */
function findStruct(t: Token[], code: string, fail: Fail, from = 0): Found | undefined {
  // For each `{` open: whether a struct may be declared in it (extern "C" {, namespace x {), or not (a union's, a function's).
  const blocks: boolean[] = [];
  for (let i = from; i < t.length; i++) {
    const s = t[i].text;
    if (s === '{') blocks.push(t[i - 1]?.text === 'namespace' || t[i - 2]?.text === 'namespace' || t[i - 2]?.text === 'extern');
    else if (s === '}') blocks.pop();
    if (s !== 'struct') continue;
    const groups: Token[][] = [];
    let j = attributes(t, i + 1, groups, fail);
    const tag = isWord(t[j]) ? t[j++].text : undefined;
    j = attributes(t, j, groups, fail);
    if (t[j]?.text === '{') {
      const typedef = t[i - 1]?.text === 'typedef';
      return { first: typedef ? i - 1 : i, open: j, typedef, tag, groups, enclosed: blocks.includes(false) ? t[i].line : undefined };
    }
    // A use of the type (struct T *p; sizeof(struct T)), a function's (struct T f(void) {), or a header not read.
    let k = j;
    while (k < t.length && !STOPS.has(t[k].text)) k++;
    if (t[k]?.text === '{' && t[k - 1].text !== ')') {
      const header = quote(spelled(code, t[i], t[k]));
      fail(t[i].line, `cannot read ${header}: between struct and { only a name and __attribute__((packed)) are read`);
    }
    i = k - 1;
  }
  return undefined;
}

/** The member declarations between the `{` at `open` and its `}` (at `close`), each without its `;`. */
function body(t: Token[], open: number, fail: Fail): { members: Token[][]; close: number } {
  const members: Token[][] = [[]];
  let close = open + 1;
  for (; close < t.length && t[close].text !== '}'; close++) {
    const s = t[close].text;
    const member = members[members.length - 1];
    if (s === '{' || ((s === 'struct' || s === 'union') && !STATIC_ASSERTS.has(member[0]?.text ?? '')))
      fail(t[close].line, 'a struct or union inside a struct is not read: spell its fields out');
    if (s === ';') members.push([]);
    else member.push(t[close]);
  }
  if (close === t.length) fail(t[open].line, 'the { of the struct is not closed');
  return { members, close };
}

/** Refuses a struct (lines `from` to `to`) with an `#include` or an unevaluated condition inside, or in one of several unevaluated branches. */
function checkDirectives(c: CSource, from: number, to: number, fail: Fail): void {
  for (const o of c.opaque) {
    if (o.line <= from || o.line >= to) continue;
    if (o.kind === 'include') fail(o.line, `${quote(o.text)} inside the struct is not read: spell its fields out`);
    fail(o.line, `${quote(o.text)} inside the struct is not evaluated (only #if 0 and #if 1 are): keep the fields in use`);
  }
  for (const a of c.alternatives)
    if (a.from < from && from < a.to)
      fail(from, `the struct is in one of the branches of ${quote(a.text)} (line ${a.line}), which are not evaluated: keep the one in use`);
}

/** Reads the `__attribute__((...))` groups from `t[i]` into `groups`; the index after them. */
function attributes(t: Token[], i: number, groups: Token[][], fail: Fail): number {
  while (t[i]?.text === '__attribute__') {
    // To the `)` that closes the first `(`, not past the statement.
    let depth = 0;
    let j = i + 1;
    for (; j < t.length && !['{', '}', ';'].includes(t[j].text); j++) {
      depth += t[j].text === '(' ? 1 : t[j].text === ')' ? -1 : 0;
      if (depth <= 0) break;
    }
    if (t[i + 1]?.text !== '(' || t[j]?.text !== ')') fail(t[i].line, 'cannot read an __attribute__ without its ((...))');
    groups.push(t.slice(i, j + 1));
    i = j + 1;
  }
  return i;
}

/** Whether an `__attribute__((...))` group says packed; any other attribute is refused. */
function attributePacked(group: Token[], fail: Fail): boolean {
  const items = group[2]?.text === '(' && group[group.length - 2].text === ')' ? split(group.slice(3, -2)) : [[]];
  if (items.some((x) => x.length > 1 || (x.length === 1 && x[0].text !== 'packed' && x[0].text !== '__packed__')) || group.length < 5)
    fail(group[0].line, `only __attribute__((packed)) is understood, not ${quote(group.map((x) => x.text).join(''))}`);
  return items.some((x) => x.length === 1);
}

/** The fields one member declaration (`int32_t a, b[2]`, without its `;`) declares. */
function fieldsOf(m: Token[], code: string, fail: Fail): Array<readonly [string, string]> {
  if (m.length === 0 || STATIC_ASSERTS.has(m[0].text)) return [];
  const decl = spelled(code, m[0], m[m.length - 1]);
  const words: string[] = [];
  let named: string | undefined;
  let k = 0;
  for (; k < m.length; k++) {
    const w = m[k].text;
    if (w === 'const' || w === 'volatile') continue;
    if (named === undefined && BUILTIN.has(w)) words.push(w);
    else if (named === undefined && words.length === 0 && isWord(m[k]))
      named = w === 'std' && m[k + 1]?.text === '::' && m[k + 2] !== undefined ? m[(k += 2)].text : w;
    else break;
  }
  const spelledType = named ?? builtin(words);
  const type = C_TYPES.get(spelledType);
  const advice = NOT_FIXED.get(spelledType);
  if (advice !== undefined) fail(m[0].line, `cannot read ${quote(decl)}: ${advice}`);
  if (type === undefined || k === m.length) return fail(m[0].line, `cannot read ${quote(decl)}: ${FIELDS}`);
  const fields: Array<readonly [string, string]> = [];
  for (const d of split(m.slice(k))) {
    const field = d.length === 0 ? '' : spelled(code, d[0], d[d.length - 1]);
    const cannot = `cannot read the field ${quote(field)} of ${quote(decl)}`;
    if (d.some((x) => x.text === ':'))
      fail(
        d[0].line,
        `cannot read the bit-field ${quote(field)} of ${quote(decl)}: bit-fields are placed as each compiler chooses, use whole fields`,
      );
    const array = d.length === 4 && d[1].text === '[' && d[3].text === ']';
    const count = array ? cInteger(d[2].text) : undefined;
    if (!isWord(d[0]) || (d.length !== 1 && count === undefined))
      fail(d[0]?.line ?? m[0].line, array && isWord(d[2]) ? `${cannot}: a length must be a number (macros are not expanded)` : cannot);
    const name = d[0].text;
    if (type === 'char' && count === undefined)
      fail(d[0].line, `char ${name} is one byte of text: write char ${name}[1], or int8_t or uint8_t`);
    fields.push([name, count === undefined ? type : `${type}[${count}]`]);
  }
  return fields;
}

/** A type of C's own words (`long unsigned int`) spelled one way (`unsigned long`); '?' for a spelling C has not. */
function builtin(words: string[]): string {
  const n = (w: string): number => words.filter((x) => x === w).length;
  const signs = n('signed') + n('unsigned');
  const bases = words.filter((w) => !['signed', 'unsigned', 'short', 'long'].includes(w));
  const base = bases[0] ?? 'int';
  const size = n('short') === 0 ? ['', 'long', 'long long'][n('long')] : n('short') === 1 && n('long') === 0 ? 'short' : undefined;
  if (words.length === 0 || signs > 1 || bases.length > 1 || size === undefined || (signs > 0 && base !== 'int' && base !== 'char'))
    return '?';
  const kind = size !== '' && base === 'int' ? size : `${size} ${base}`.trim();
  return n('unsigned') > 0 ? `unsigned ${kind}` : n('signed') > 0 && base === 'char' ? 'signed char' : kind;
}

/** The tokens split at the commas outside brackets and parentheses. */
function split(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const x of tokens) {
    if (x.text === '(' || x.text === '[') depth++;
    else if (x.text === ')' || x.text === ']') depth--;
    if (x.text === ',' && depth === 0) parts.push([]);
    else parts[parts.length - 1].push(x);
  }
  return parts;
}

/** A C integer constant (decimal, octal `010`, hex `0x10`, suffixes `u`, `l`...) in decimal; undefined if it is not one. */
function cInteger(text: string): string | undefined {
  const m = /^(?:0[xX]([\da-fA-F]+)|0([0-7]*)|([1-9]\d*))(?:[uU](?:ll|LL|[lL])?|(?:ll|LL|[lL])[uU]?)?$/.exec(text);
  if (m === null) return undefined;
  const n = m[1] !== undefined ? parseInt(m[1], 16) : m[2] !== undefined ? parseInt(m[2] || '0', 8) : Number(m[3]);
  return String(Math.min(n, Number.MAX_SAFE_INTEGER));
}

/** Whether a token is a word (an identifier or a keyword). */
function isWord(x: Token | undefined): x is Token {
  return x !== undefined && /^[A-Za-z_]/.test(x.text);
}

/** The code from one token to another, its white space made single spaces. */
function spelled(code: string, from: Token, to: Token): string {
  return code.slice(from.start, to.end).replace(/\s+/g, ' ');
}
