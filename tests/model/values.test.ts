import type { ScalarType } from '../../src/model/scalars';
import { defineLayout } from '../../src/model/layout';
import { checkRecord, checkValue, fieldExpects, fieldOf, fitsScalar } from '../../src/model/values';
import { usageError as usage } from '../helpers';

const layout = defineLayout('T', [
  ['i', 'int16'],
  ['u', 'uint64'],
  ['f', 'float32'],
  ['b', 'bool'],
  ['s', 'char[4]'],
  ['a', 'int16[3]'],
]);
const field = (name: string) => fieldOf(layout, name);

describe('what a field accepts', () => {
  it.each([
    ['i', -32768n],
    ['i', 32767],
    ['u', 2n ** 64n - 1n],
    ['u', 2 ** 53 - 1],
    ['f', NaN],
    ['b', false],
    ['s', 'abcd'],
    ['s', ''],
    ['a', [1n, -2, 3n]],
  ])('%s takes %p', (name, value) => {
    expect(checkValue(field(name), value)).toBe(value);
  });

  it.each([
    ['i', 32768n, 'i must be an integer from -32768 to 32767 (int16)'],
    ['i', 1.5, 'i must be an integer from -32768 to 32767 (int16)'],
    ['u', 2 ** 64, 'u must be an integer from 0 to 18446744073709551615 (uint64)'],
    ['u', -1, 'u must be an integer from 0 to 18446744073709551615 (uint64)'],
    ['u', -1n, 'u must be an integer'],
    ['f', 1n, 'f must be a number (float32)'],
    ['b', 1, 'b must be true or false (bool)'],
    ['s', 'abcde', 's must be a string of at most 4 bytes'],
    ['s', 'é€', 's must be a string of at most 4 bytes'],
    ['s', 'a\0', 's must be a string of at most 4 bytes of UTF-8 with no NUL'],
    ['s', 5, 's must be a string'],
    ['a', [1n, 2n], 'a must be 3 values (int16[3])'],
    ['a', [1n, 2n, 40000n], 'a[2] must be an integer from -32768 to 32767 (int16)'],
    // eslint-disable-next-line no-sparse-arrays
    ['a', [1n, , 3n], 'a[1] must be an integer from -32768 to 32767 (int16)'],
    ['a', '1,2,3', 'a must be 3 values (int16[3])'],
  ])('%s refuses %p', (name, value, message) => {
    expect(usage(() => checkValue(field(name), value)).message).toContain(message);
  });

  it.each<[string, unknown, boolean]>([
    ['int64', 2 ** 53, true],
    ['int64', 2 ** 60, true],
    ['int64', -(2 ** 63), true],
    ['int64', 2 ** 63, false],
    ['uint64', 2 ** 64 - 2048, true],
    ['uint64', 2 ** 64, false],
    ['int64', 2n ** 53n, true],
    ['int64', 1.5, false],
    ['int64', NaN, false],
    ['int64', Infinity, false],
    ['int8', 127, true],
    ['int8', 128, false],
    ['int8', '1', false],
    ['float64', Infinity, true],
  ])('fitsScalar(%s, %p) is %s: integers as BigInt or as numbers that are exact integers in range', (type, value, fits) => {
    expect(fitsScalar(type as ScalarType, value)).toBe(fits);
  });

  it('names every field when one is unknown, quoting the name', () => {
    expect(usage(() => fieldOf(layout, 'x'.repeat(100))).message).toBe(`unknown field "${'x'.repeat(60)}...": T has i, u, f, b, s, a`);
    expect(usage(() => checkRecord(layout, { i: 1n, nope: 2n })).message).toContain('unknown field "nope"');
  });

  it('describes what each kind takes', () => {
    expect(layout.fields.map(fieldExpects)).toEqual([
      'an integer from -32768 to 32767 (int16)',
      'an integer from 0 to 18446744073709551615 (uint64)',
      'a number (float32), such as 1.5, -2e-3, NaN or -Infinity',
      'true or false (bool)',
      'a string of at most 4 bytes of UTF-8 with no NUL (char[4])',
      '3 values (int16[3])',
    ]);
  });
});
