import fc from 'fast-check';
import { parseCStruct } from '../../src/model/c-struct';
import { ShmError } from '../../src/model/errors';
import type { Layout } from '../../src/model/layout';
import { layoutSpec } from '../../src/model/layout-spec';
import { emitLayout } from '../../src/text/emit/emit';
import { random, randomLayout } from '../layout-cases';

describe('parseCStruct', () => {
  it.each<[string, string, string, boolean]>([
    ['struct Tick { int32_t id; double price; };', 'Tick', 'id:int32,price:float64', false],
    ['typedef struct { std::int64_t a, b[2]; float c; } Pair;', 'Pair', 'a:int64,b:int64[2],c:float32', false],
    ['struct __attribute__((packed)) P { uint8_t a; uint32_t b; };', 'P', 'a:uint8,b:uint32', true],
    ['struct P { uint8_t a; uint32_t b; } __attribute__((__packed__));', 'P', 'a:uint8,b:uint32', true],
    [
      '#include <stdint.h>\n/* x; */ struct S { // c\n const bool ok; char name[8]; _Bool b; };\n_Static_assert(sizeof(struct S) == 10, "a; b");',
      'S',
      'ok:bool,name:char[8],b:bool',
      false,
    ],
    ['struct { uint16_t x; }', 'layout', 'x:uint16', false],
    // The name is the typedef's, else the tag: the variables a struct declares are not the layout.
    ['struct T { int32_t a; } t[4];', 'T', 'a:int32', false],
    ['struct T { int32_t a; } a, b[2];', 'T', 'a:int32', false],
    ['struct { int32_t a; } t;', 'layout', 'a:int32', false],
    ['typedef struct T { int32_t a; } Name;', 'Name', 'a:int32', false],
    ['typedef struct { int32_t a; } Name, *PName;', 'Name', 'a:int32', false],
    ['typedef struct T { int32_t a; } *PT;', 'T', 'a:int32', false],
    ['struct T { int32_t a; } __attribute__ ( ( packed ) ) t;', 'T', 'a:int32', true],
    ['struct T { int32_t a; } __attribute__((__packed__)) t = { 1 };', 'T', 'a:int32', true],
    // Comments are read left to right: a // comment may hold /*, a /* comment // or quotes, a string /*.
    ['struct S { int32_t a; // was: /* b\n int32_t b; /* c */ int32_t c; };', 'S', 'a:int32,b:int32,c:int32', false],
    ['struct S { int32_t a; /* a // b " */ int32_t c; };', 'S', 'a:int32,c:int32', false],
    ['_Static_assert(1, "/* no comment");\nstruct S { int32_t a; };\n_Static_assert(1, "*/");', 'S', 'a:int32', false],
    ['struct S { int32_t a; // a line \\\n int32_t hidden;\n int32_t c; };', 'S', 'a:int32,c:int32', false],
    ["struct S { int32_t a; /* don't */ int32_t b; };", 'S', 'a:int32,b:int32', false],
    // #if 0 and #if 1 are read as the compiler reads them, nested groups and comments too.
    ['struct S { int32_t a;\n#if 0\n int64_t b;\n#endif\n};', 'S', 'a:int32', false],
    ['struct S {\n#if 0\n#ifdef X\n int64_t b;\n#endif\n int64_t c; /* #endif */\n#else\n int8_t d;\n#endif\n};', 'S', 'd:int8', false],
    ['struct S {\n#if 1\n int8_t a;\n#elif X\n int8_t b;\n#else\n int8_t c;\n#endif\n};', 'S', 'a:int8', false],
    ['#if 0\nstruct Old { int32_t a; };\n#pragma pack(1)\n#endif\nstruct New { int64_t a; };', 'New', 'a:int64', false],
    ['#ifndef TICK_H\n#define TICK_H\n#include <stdint.h>\nstruct Tick { int32_t id; };\n#endif /* TICK_H */', 'Tick', 'id:int32', false],
    ['#ifdef __cplusplus\nextern "C" {\n#endif\nstruct S { int32_t a; };\n#ifdef __cplusplus\n}\n#endif', 'S', 'a:int32', false],
    ['#ifdef BIG\ntypedef int64_t n_t;\n#else\ntypedef int32_t n_t;\n#endif\nstruct S { int32_t a; };', 'S', 'a:int32', false],
    ['struct S {\n  int32_t a;\n#define S_A_MAX 9 \\\n  int32_t not_a_field;\n  int32_t b;\n};', 'S', 'a:int32,b:int32', false],
    // Types of a fixed size however C spells them, qualifiers anywhere, lengths in any base.
    ['struct S { signed char a; unsigned char b[3]; char signed c; };', 'S', 'a:int8,b:uint8[3],c:int8', false],
    ['struct S { uint8_t const a; volatile int16_t b; const volatile std::uint32_t c; };', 'S', 'a:uint8,b:int16,c:uint32', false],
    ['struct S { int32_t a[010]; int32_t b[0x10]; int32_t c[4u]; };', 'S', 'a:int32[8],b:int32[16],c:int32[4]', false],
    ['enum E { A, B }; union U { int32_t a; float b; };\nstruct S { int32_t a; };', 'S', 'a:int32', false],
    ['struct S; struct S *p; struct S f(struct S *s) { return *s; }\nstruct S { int32_t a; };', 'S', 'a:int32', false],
  ])('%j', (text, name, spec, packed) => {
    const layout = parseCStruct(text, 'test');
    expect([layout.name, layoutSpec(layout), layout.packed]).toEqual([name, spec, packed]);
  });

  // A header of several structs is read only once one is named, by its typedef or its tag.
  const SEVERAL = 'typedef struct T { int8_t x; } Alias;\nstruct Inner { int32_t a; };\nstruct Outer { struct Inner in; };';
  it.each([
    ['struct A { int32_t a; };\nstruct B { int64_t b; };', 'B', 'B', 'b:int64'],
    [SEVERAL, 'T', 'Alias', 'x:int8'],
    [SEVERAL, 'Alias', 'Alias', 'x:int8'],
    [SEVERAL, 'Inner', 'Inner', 'a:int32'],
    ['struct Only { int8_t x; };', 'Only', 'Only', 'x:int8'],
    // A struct that is not read (inside a union) stands in the way only of itself.
    ['struct A { int32_t a; };\nunion U { struct { int32_t x; } s; };', 'A', 'A', 'a:int32'],
  ])('%j, asked for %s', (text, wanted, name, spec) => {
    const layout = parseCStruct(text, 'test', false, wanted);
    expect([layout.name, layoutSpec(layout)]).toEqual([name, spec]);
  });

  it.each([
    ['struct A { int32_t a; };\nstruct B { int64_t b; };', undefined, '"test" declares 2 structs, A and B: name the one to read'],
    [SEVERAL, undefined, '"test" declares 3 structs, Alias (T), Inner and Outer: name the one to read'],
    [SEVERAL, 'Outer', 'a struct or union inside a struct is not read'],
    [SEVERAL, 'Nope', 'no struct Nope in "test": it declares Alias (T), Inner and Outer'],
    ['struct { int32_t a; } x; struct { double b; } y;', undefined, '"test" declares 2 structs, an untagged struct and an untagged struct'],
    [
      'struct A { int32_t a; };\nunion U { struct S { int32_t x; } s; };',
      'S',
      'a struct inside a union, a function or another struct is not read',
    ],
  ])('%j, asked for %s, is refused: %s', (text, wanted, message) => {
    expect(() => parseCStruct(text, 'test', false, wanted)).toThrow(message);
  });

  it.each([
    ['struct S { foo_t x; };', 'cannot read "foo_t x": fields are int8_t'],
    ['struct S { int x; };', 'cannot read "int x": int has no fixed size in C: write int32_t'],
    ['struct S { long unsigned int x; };', 'unsigned long is 8 bytes on 64-bit Linux and 4 elsewhere: write uint64_t or uint32_t'],
    ['struct S { short x; };', 'short has no fixed size in C: write int16_t'],
    ['struct S { unsigned x; };', 'unsigned int has no fixed size in C: write uint32_t'],
    ['struct S { long long x; };', 'long long has no fixed size in C: write int64_t'],
    ['struct S { size_t n; };', 'size_t is as wide as a pointer: write uint64_t or uint32_t'],
    ['struct S { long double x; };', 'long double has no fixed size or format in C: write double'],
    [
      'struct S { uint8_t a : 3, b : 5; };',
      'cannot read the bit-field "a : 3" of "uint8_t a : 3, b : 5": bit-fields are placed as each compiler chooses',
    ],
    [
      'struct S { char name[LEN]; };',
      'cannot read the field "name[LEN]" of "char name[LEN]": a length must be a number (macros are not expanded)',
    ],
    ['struct S { char c; };', 'char c is one byte of text: write char c[1], or int8_t or uint8_t'],
    ['struct S { int32_t a[0]; };', 'N must be from 1'],
    ['struct S __attribute__((aligned(8))) { int32_t a; };', 'only __attribute__((packed)) is understood'],
    ['int32_t a;', 'no struct { ... } in "test"'],
    ['struct S { };', 'has no fields'],
    ['struct S { int32_t a; int32_t a; };', 'two fields named a'],
    ['struct S { int32_t *p; };', 'cannot read the field "*p"'],
    ['struct Outer { struct Inner { int32_t a; } in; int64_t b; };', 'a struct or union inside a struct is not read'],
    ['#pragma pack(push, 1)\nstruct S { uint8_t a; uint32_t b; };', 'line 1: #pragma pack is not read: write __attribute__((packed))'],
    [
      'struct PACKED S { int32_t a; };',
      'cannot read "struct PACKED S {": between struct and { only a name and __attribute__((packed)) are read',
    ],
    ['struct S : Base { int32_t a; };', 'cannot read "struct S : Base {"'],
    ['union U { struct { int32_t a; } s; };', 'a struct inside a union, a function or another struct is not read'],
    ['struct S { int32_t a;', 'the { of the struct is not closed'],
    ['struct S { int32_t a; } __attribute__((packed);', 'cannot read an __attribute__ without its ((...))'],
    // A comment or a conditional group not closed.
    ['struct S { int32_t a; };\n/* no end', 'struct in "test", line 2: a /* comment is not closed'],
    ['struct S { int32_t a;\n#if 0\n};', 'struct in "test", line 2: #if 0 has no #endif'],
    ['struct S { int32_t a; };\n#endif', 'line 2: #endif has no #if before it'],
    ['#if 0\n#else\n#else\n#endif', 'line 3: #else after #else (line 2)'],
    // Conditions that are not evaluated: inside the struct, or a struct in one of several branches.
    [
      'struct S {\n  int32_t a;\n#ifdef BIG\n  int64_t b;\n#endif\n};',
      'line 3: "#ifdef BIG" inside the struct is not evaluated (only #if 0 and #if 1 are): keep the fields in use',
    ],
    ['struct S {\n#if 0\n#elif X > 1\n int8_t a;\n#endif\n};', 'line 3: "#elif X > 1" inside the struct is not evaluated'],
    [
      'struct S\n#if defined(PACK)\n__attribute__((packed))\n#endif\n{ int32_t a; };',
      'line 2: "#if defined(PACK)" inside the struct is not evaluated',
    ],
    ['struct S { int32_t a; }\n#ifdef P\n__attribute__((packed))\n#endif\n;', 'line 2: "#ifdef P" inside the struct is not evaluated'],
    [
      '#ifdef BIG\nstruct N { int64_t n; };\n#else\nstruct N { int32_t n; };\n#endif',
      'line 2: the struct is in one of the branches of "#ifdef BIG" (line 1), which are not evaluated: keep the one in use',
    ],
    ['struct S {\n#include "fields.h"\n};', 'line 2: "#include \\"fields.h\\"" inside the struct is not read: spell its fields out'],
  ])('%j is refused: %s', (text, message) => {
    expect(() => parseCStruct(text, 'test')).toThrow(message);
  });

  // The old reader backtracked: each of these took over a minute. A test taking time in
  // proportion to its input's length takes well under a second; a synchronous test cannot time out,
  // so each yields to the event loop after its work, where jest's timer (30 s) fails it if it fired.
  it.each([
    ['60,000 attributes and no body', `struct ${'__attribute__((packed)) '.repeat(60_000)}`, 'no struct { ... } in "big"'],
    ['240,000 comment lines', `${'// x\n'.repeat(240_000)}struct S { int32_t a; };`, 'a:int32'],
    ['60,000 static assertions not closed', '_Static_assert('.repeat(60_000), 'no struct { ... } in "big"'],
  ])('reads a header of %s in time in proportion to its length', async (_, text, outcome) => {
    let got: string;
    try {
      got = layoutSpec(parseCStruct(text, 'big'));
    } catch (err) {
      got = (err as Error).message;
    }
    expect(got).toBe(outcome);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('reads back what --emit writes for C and C++, for 300 random layouts', () => {
    const rng = random(31);
    for (let k = 0; k < 300; k++) {
      const layout = randomLayout(rng, k);
      for (const language of ['c', 'cpp'] as const)
        expect(parseCStruct(emitLayout(layout, language, layout.name), 'emitted')).toEqual(layout);
    }
  });

  it('reads the same layout whatever comments, line breaks and #if 0 groups stand between its tokens', () => {
    const noise = fc
      .array(fc.constantFrom('/*', '//', '*', '/', '"', "'", '#endif', '#if 0', '#else', 'struct T {', '}', ';', 'int x', ' ', '\\'), {
        maxLength: 8,
      })
      .map((a) => a.join(''));
    const separator = fc.oneof(
      fc.constantFrom(' ', '\n', '\t', '\r\n'),
      noise.filter((s) => !s.includes('*/')).map((s) => `/*${s}*/`),
      noise.filter((s) => !s.endsWith('\\')).map((s) => `//${s}\n`),
      fc
        .array(
          fc.constantFrom(
            'int x;',
            '} y;',
            'struct T {',
            "don't",
            '"open',
            '/* c */',
            '#define X 1',
            '#ifdef Y\nint z;\n#endif',
            '#pragma pack(1)',
          ),
          { maxLength: 4 },
        )
        .map((lines) => `\n#if 0\n${lines.join('\n')}\n#else /* */\n#endif\n`),
    );
    fc.assert(
      fc.property(fc.nat(), fc.array(separator, { minLength: 1 }), fc.boolean(), (seed, separators, guarded) => {
        const layout = randomLayout(random(seed), seed);
        const text = structTokens(layout)
          .map((token, i) => `${token}${separators[i % separators.length]}`)
          .join('');
        expect(parseCStruct(guarded ? `#ifndef H\n#define H\n${text}\n#endif\n` : text, 'spaced')).toEqual(layout);
      }),
      { seed: 20261127, numRuns: 500 },
    );
  });

  it('reads any text as a layout or refuses it with a one-line usage error', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string().map((s) => `struct S { ${s} };`),
      fc
        .array(
          fc.constantFrom(
            ...['struct', 'S', '{', '}', ';', 'int32_t', 'a', '[', '2', ']', ',', 'char', '__attribute__((packed))', '/*', '*/', '//', '"'],
            ...['\n#if 0\n', '\n#ifdef X\n', '\n#else\n', '\n#endif\n', '\n', 'typedef', 'unsigned', 'int', ':', '(', ')', 'extern "C"'],
          ),
        )
        .map((w) => w.join(' ')),
    );
    fc.assert(
      fc.property(text, (input) => {
        try {
          parseCStruct(input, 'input');
        } catch (err) {
          expect(err).toBeInstanceOf(ShmError);
          expect((err as ShmError).code).toBe('EUSAGE');
          expect((err as ShmError).message).not.toMatch(/\n/);
        }
      }),
      { seed: 20261127, numRuns: 1000 },
    );
  });
});

/** What C calls each scalar type: written here, not taken from the code under test. */
const C_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64'].map((t) => [t, `${t}_t`])),
  float32: 'float',
  float64: 'double',
  bool: 'bool',
};

/** A layout's struct, token by token. */
function structTokens(layout: Layout): string[] {
  const fields = layout.fields.flatMap((f) => [
    f.kind === 'char' ? 'char' : C_NAMES[f.element],
    f.name,
    ...(f.kind === 'char' || f.kind === 'array' ? ['[', String(f.count), ']'] : []),
    ';',
  ]);
  return ['struct', ...(layout.packed ? ['__attribute__((packed))'] : []), layout.name, '{', ...fields, '}', ';'];
}
