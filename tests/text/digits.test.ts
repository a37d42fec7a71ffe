import fc from 'fast-check';
import { parseWide, writeNumber, writeWide } from '../../src/text/digits';

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
const parsed = (text: string, signed: boolean): bigint | null => {
  const negative = text.startsWith('-');
  const bytes = Buffer.from(text);
  const out = new Uint32Array(2);
  if (!parseWide(bytes, negative ? 1 : 0, bytes.length, negative, signed, out)) return null;
  const bits = (BigInt(out[0]) << 32n) | BigInt(out[1]);
  return signed ? BigInt.asIntN(64, bits) : bits;
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

  it('reads leading zeros, and refuses more than 20 digits', () => {
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
