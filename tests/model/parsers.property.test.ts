import fc from 'fast-check';
import { parseCStruct } from '../../src/model/c-struct';
import { ShmError } from '../../src/model/errors';
import { MY_DATA } from '../../src/model/layout';
import { layoutFromJson, layoutSpec, parseLayout, parseStoredLayout, sameLayout, storedLayoutText } from '../../src/model/layout-spec';
import { MAX_BYTES, parseName, parseSize } from '../../src/model/limits';

// Any input gives a result or a usage error (ShmError, EUSAGE): never another exception.
function resultOrUsage<T>(fn: () => T): T | ShmError {
  try {
    return fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ShmError);
    expect((err as ShmError).code).toBe('EUSAGE');
    expect((err as ShmError).message).not.toMatch(/\n/);
    return err as ShmError;
  }
}

const SEED = { seed: 20261127, numRuns: 500 };
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('__proto__', 'constructor', 'toString', '4toString', '1valueOf'),
);

describe('model parsers, on any input', () => {
  it('parseName: a name with one leading slash, or a usage error', () => {
    fc.assert(
      fc.property(text, (input) => {
        const name = resultOrUsage(() => parseName(input));
        if (typeof name === 'string') {
          expect(name.startsWith('/') && !name.slice(1).includes('/')).toBe(true);
          expect(Buffer.byteLength(name)).toBeLessThanOrEqual(256);
        }
      }),
      SEED,
    );
  });

  it('parseSize: a whole number of bytes from 1 to 2^53-1, or a usage error', () => {
    fc.assert(
      fc.property(text, (input) => {
        const size = resultOrUsage(() => parseSize(input));
        if (typeof size === 'number') expect(Number.isSafeInteger(size) && size >= 1 && size <= MAX_BYTES).toBe(true);
      }),
      SEED,
    );
  });

  it('parseSize reads every unit as its power of 1024 or 1000', () => {
    const units: Array<[string, bigint]> = ['K', 'M', 'G', 'T'].flatMap((u, i) => [
      [u, 1024n ** BigInt(i + 1)] as [string, bigint],
      [u.toLowerCase(), 1024n ** BigInt(i + 1)] as [string, bigint],
      [`${u}iB`, 1024n ** BigInt(i + 1)] as [string, bigint],
      [`${u}B`, 1000n ** BigInt(i + 1)] as [string, bigint],
    ]);
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.constantFrom(['', 1n] as [string, bigint], ...units), (n, [unit, factor]) => {
        const bytes = n * factor;
        if (bytes <= BigInt(MAX_BYTES)) expect(parseSize(`${n}${unit}`)).toBe(Number(bytes));
        else expect(() => parseSize(`${n}${unit}`)).toThrow('at most');
      }),
      SEED,
    );
  });

  it('parseLayout and layoutFromJson: a layout, or a usage error', () => {
    const spec = fc.array(
      fc.tuple(
        fc.oneof(fc.stringMatching(/^[A-Za-z_]\w{0,6}$/), text),
        fc.oneof(fc.constantFrom('int8', 'uint64', 'float32', 'bool', 'char[3]', 'int16[2]', 'char[0]', 'bool[2]'), text),
      ),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(spec, fc.boolean(), text, (fields, packed, junk) => {
        resultOrUsage(() => parseLayout(fields.map(([n, t]) => `${n}:${t}`).join(','), packed));
        resultOrUsage(() => parseLayout(junk, packed));
        resultOrUsage(() => layoutFromJson(JSON.stringify({ fields: fields.map(([name, type]) => ({ name, type })), packed }), 'f.json'));
        resultOrUsage(() => layoutFromJson(junk, 'f.json'));
      }),
      SEED,
    );
  });

  it('parseCStruct: a layout, or a usage error, for any text in or around a struct', () => {
    fc.assert(
      fc.property(text, text, (junk, body) => {
        resultOrUsage(() => parseCStruct(junk, 'f.h'));
        resultOrUsage(() => parseCStruct(`#if 0\n${junk}\n#endif\nstruct S {\n${body}\n};`, 'f.h'));
      }),
      SEED,
    );
  });
});

describe('the layout stored with a segment', () => {
  const scalar = fc.constantFrom('int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64', 'bool');
  const fieldType = fc.oneof(
    scalar,
    fc
      .tuple(
        scalar.filter((t) => t !== 'bool'),
        fc.integer({ min: 1, max: 9 }),
      )
      .map(([t, n]) => `${t}[${n}]`),
    fc.integer({ min: 1, max: 40 }).map((n) => `char[${n}]`),
  );
  const layouts = fc
    .tuple(
      fc.uniqueArray(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), { minLength: 1, maxLength: 8 }),
      fc.array(fieldType, { minLength: 8, maxLength: 8 }),
      fc.boolean(),
    )
    .map(([names, types, packed]) => parseLayout(names.map((n, k) => `${n}:${types[k]}`).join(','), packed));

  it('reads back as the same layout, offsets and all, packed or not', () => {
    fc.assert(
      fc.property(layouts, (layout) => {
        const text = storedLayoutText(layout);
        expect(text).toBe(`${layoutSpec(layout)}${layout.packed ? ';packed' : ''}`);
        const back = parseStoredLayout(text, '/seg');
        expect(sameLayout(back, layout)).toBe(true);
        expect(back.fields).toEqual(layout.fields);
        expect(back.size).toBe(layout.size);
      }),
      SEED,
    );
  });

  it('is the default layout itself when it says so, and any other text is a layout or a usage error', () => {
    expect(parseStoredLayout('Col1:int64,Col2:int64,Col3:int64', '/seg')).toBe(MY_DATA);
    expect(parseStoredLayout('Col1:int64,Col2:int64,Col3:int64;packed', '/seg')).not.toBe(MY_DATA);
    fc.assert(
      fc.property(text, (input) => {
        const layout = resultOrUsage(() => parseStoredLayout(input, '/seg'));
        if (!(layout instanceof ShmError))
          expect(storedLayoutText(layout)).toBe(storedLayoutText(parseStoredLayout(storedLayoutText(layout), '/seg')));
      }),
      SEED,
    );
  });
});
