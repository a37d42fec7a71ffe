import fc from 'fast-check';
import { charByteLength, charBytes, charText, isCharText } from '../../src/model/char-text';

const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');

describe('char[N] strings', () => {
  it.each([
    ['', ''],
    ['61 62', 'ab'],
    ['c3 a9', 'é'],
    ['ef bf bd', '\ufffd'],
    ['f0 9f 98 80', '\u{1f600}'],
    ['e9', '\udce9'],
    ['63 61 66 e9 21', 'caf\udce9!'],
    ['c3', '\udcc3'],
    ['c0 af', '\udcc0\udcaf'],
    ['e0 80 af', '\udce0\udc80\udcaf'],
    ['ed a0 80', '\udced\udca0\udc80'],
    ['f4 90 80 80', '\udcf4\udc90\udc80\udc80'],
    ['f0 9f 98', '\udcf0\udc9f\udc98'],
    ['ff fe 41', '\udcff\udcfeA'],
  ])('bytes %s are %j, and back', (bytes, text) => {
    expect(charText(hex(bytes))).toBe(text);
    expect(charBytes(text)).toEqual(hex(bytes));
    expect(charByteLength(text)).toBe(hex(bytes).length);
    expect(isCharText(text)).toBe(true);
  });

  it.each([['\ud800'], ['a\udc00'], ['\udc7f'], ['\ude00'], ['a\0b']])('%j cannot be stored', (text) => {
    expect(isCharText(text)).toBe(false);
  });

  it('a surrogate pair is a character, not two escaped bytes', () => {
    expect(charBytes('\ud83d\udc80')).toEqual(Buffer.from('\u{1f480}'));
  });

  it('any bytes without NUL read back to the same bytes (seeded)', () => {
    const bytes = fc.uint8Array({ maxLength: 24 }).map((b) => b.map((x) => x || 0x80));
    fc.assert(
      fc.property(bytes, (b) => {
        const text = charText(b);
        expect(isCharText(text)).toBe(true);
        expect(charBytes(text)).toEqual(Buffer.from(b));
        // Valid UTF-8 reads as Node reads it.
        if (Buffer.from(Buffer.from(b).toString('utf8')).equals(b)) expect(text).toBe(Buffer.from(b).toString('utf8'));
      }),
      { seed: 20261127, numRuns: 2000 },
    );
  });
});
