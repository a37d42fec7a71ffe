import fc from 'fast-check';
import { ShmError } from '../../src/model/errors';
import { layoutFromJson, parseLayout } from '../../src/model/layout-spec';
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
});
