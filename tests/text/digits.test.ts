import fc from 'fast-check';
import { defineLayout } from '../../src/model/layout';
import { writeNumber, writeWide } from '../../src/text/digits';
import { parseTsvBytes } from '../../src/text/record-bytes';

const SEED = { seed: 20261127, numRuns: 5000 };
const TWO64 = 1n << 64n;

/** The value's two 32-bit words, as a C program stores it. */
const words = (value: bigint): [number, number] => {
  const bits = BigInt.asUintN(64, value);
  return [Number(bits >> 32n), Number(bits & 0xffffffffn)];
};
const written = (fill: (out: Uint8Array) => number) => {
  const out = new Uint8Array(32);
  return Buffer.from(out.subarray(0, fill(out))).toString();
};
const ONE = { true: defineLayout('I', [['x', 'int64']]), false: defineLayout('U', [['x', 'uint64']]) };
/** The value the fast TSV path stores for `text` in an int64 or uint64 field, or null where it refuses it. */
const parsed = (text: string, signed: boolean): bigint | null => {
  const bytes = Buffer.from(text);
  const view = new DataView(new ArrayBuffer(8));
  if (!parseTsvBytes(ONE[`${signed}`], bytes, 0, bytes.length, view, 0)) return null;
  return signed ? view.getBigInt64(0, true) : view.getBigUint64(0, true);
};

const EDGES = [
  0n,
  1n,
  -1n,
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  -(2n ** 53n) - 1n,
  10n ** 16n,
  10n ** 19n,
  2n ** 63n - 1n,
  -(2n ** 63n),
  2n ** 63n,
  TWO64 - 1n,
];

describe('64-bit integers as decimal text, without BigInt', () => {
  it.each(EDGES)('%p is written and read back as BigInt would', (value) => {
    for (const signed of [true, false]) {
      const fits = signed ? value >= -(2n ** 63n) && value < 2n ** 63n : value >= 0n && value < TWO64;
      if (fits) expect(written((out) => writeWide(out, 0, ...words(value), signed))).toBe(String(value));
      expect(parsed(String(value), signed)).toBe(fits ? value : null);
    }
  });

  it('agree with BigInt on any value in range, and refuse any out of it (seeded)', () => {
    const big = fc.oneof(fc.bigInt(-(2n ** 64n), 2n ** 64n), fc.bigInt(-(10n ** 20n), 10n ** 20n - 1n), fc.constantFrom(...EDGES));
    fc.assert(
      fc.property(big, fc.boolean(), (value, signed) => {
        const fits = signed ? value >= -(2n ** 63n) && value < 2n ** 63n : value >= 0n && value < TWO64;
        if (fits) expect(written((out) => writeWide(out, 0, ...words(value), signed))).toBe(String(value));
        expect(parsed(String(value), signed)).toBe(fits ? value : null);
      }),
      SEED,
    );
  });

  it('reads leading zeros, and leaves more than 20 digits to the slow path', () => {
    expect(parsed('00000000000000000001', true)).toBe(1n);
    expect(parsed('000000000000000000001', true)).toBeNull();
    expect(parsed('-0000000000000000000', false)).toBe(0n);
  });

  it('writes any safe integer as String does', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => expect(written((out) => writeNumber(out, 0, n))).toBe(String(n))),
      SEED,
    );
  });
});
