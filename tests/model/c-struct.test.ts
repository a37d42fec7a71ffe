import fc from 'fast-check';
import { parseCStruct } from '../../src/model/c-struct';
import { ShmError } from '../../src/model/errors';
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
  ])('%j', (text, name, spec, packed) => {
    const layout = parseCStruct(text, 'test');
    expect([layout.name, layoutSpec(layout), layout.packed]).toEqual([name, spec, packed]);
  });

  it.each([
    ['struct S { int x; };', 'cannot read "int x": fields are int8_t'],
    ['struct S { char c; };', 'char c is one byte of text: write char c[1], or int8_t or uint8_t'],
    ['struct S { int32_t a[0]; };', 'N must be from 1'],
    ['struct S __attribute__((aligned(8))) { int32_t a; };', 'only __attribute__((packed)) is understood'],
    ['int32_t a;', 'no struct { ... } in "test"'],
    ['struct S { };', 'has no fields'],
    ['struct S { int32_t a; int32_t a; };', 'two fields named a'],
    ['struct S { int32_t *p; };', 'cannot read the field "*p"'],
    ['struct Outer { struct Inner { int32_t a; } in; int64_t b; };', 'a struct or union inside a struct is not read'],
    ['#pragma pack(push, 1)\nstruct S { uint8_t a; uint32_t b; };', '#pragma pack is not read: write __attribute__((packed))'],
  ])('%j is refused: %s', (text, message) => {
    expect(() => parseCStruct(text, 'test')).toThrow(message);
  });

  it('reads back what --emit writes for C and C++, for 300 random layouts', () => {
    const rng = random(31);
    for (let k = 0; k < 300; k++) {
      const layout = randomLayout(rng, k);
      for (const language of ['c', 'cpp'] as const)
        expect(parseCStruct(emitLayout(layout, language, layout.name), 'emitted')).toEqual(layout);
    }
  });

  it('reads any text as a layout or refuses it with a one-line usage error', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string().map((s) => `struct S { ${s} };`),
      fc
        .array(
          fc.constantFrom('struct', 'S', '{', '}', ';', 'int32_t', 'a', '[', '2', ']', ',', 'char', '__attribute__((packed))', '/*', '*/'),
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
