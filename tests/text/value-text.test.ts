import { defineLayout, MY_DATA } from '../../src/model/layout';
import { floatText, parseValueText, valueText } from '../../src/text/value-text';
import { usageError } from '../helpers';

const T = defineLayout('T', [
  ['i', 'int64'],
  ['u', 'uint8'],
  ['f', 'float32'],
  ['d', 'float64'],
  ['b', 'bool'],
  ['s', 'char[8]'],
  ['a', 'int16[3]'],
  ['x', 'float64[2]'],
]);
const field = (name: string) => T.fields.find((f) => f.name === name) ?? MY_DATA.fields[0];

const usage = (fn: () => unknown): string => usageError(fn).message;

describe('integers', () => {
  const col1 = MY_DATA.fields[0];
  it.each([
    ['0', 0n],
    ['-1', -1n],
    ['100', 100n],
    ['007', 7n],
    ['9007199254740993', 9007199254740993n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
  ])('reads %j exactly', (input, expected) => {
    expect(parseValueText(col1, input, false)).toBe(expected);
  });

  it.each(['abc', '1e3', '1.0', '', '+1', ' 1', '0x10', '--1', '9223372036854775808', '-9223372036854775809', '9'.repeat(400)])(
    'rejects %j, naming the field and its range',
    (input) => {
      const msg = usage(() => parseValueText(col1, input, false));
      expect(msg).toContain('Col1 must be an integer from -9223372036854775808 to 9223372036854775807 (int64)');
    },
  );
});

describe('floats: shortest text that reads back to the same bits', () => {
  it.each([
    [0.1, 'float64', '0.1'],
    [-0, 'float64', '-0'],
    [1e21, 'float64', '1e+21'],
    [5e-324, 'float64', '5e-324'],
    [NaN, 'float64', 'NaN'],
    [-Infinity, 'float32', '-Infinity'],
    [Math.fround(0.1), 'float32', '0.1'],
    [Math.fround(16777217), 'float32', '16777216'],
    [Math.fround(3.4028234663852886e38), 'float32', '3.4028235e+38'],
    [Math.fround(1e-45), 'float32', '1e-45'],
  ] as const)('%p as %s is %j', (x, type, text) => {
    expect(floatText(x, type)).toBe(text);
    const back = parseValueText(field(type === 'float32' ? 'f' : 'd'), text, false) as number;
    expect(Object.is(type === 'float32' ? Math.fround(back) : back, x)).toBe(true);
  });

  it.each(['nan', 'inf', '-inf', 'Infinity', '+Infinity', '1e3', '.5', '-2.5e-3', '7'])('reads %j', (text) => {
    expect(typeof parseValueText(field('d'), text, false)).toBe('number');
  });

  it.each(['', 'abc', '1,5', '0x10', '1e', '--1'])('refuses %j', (text) => {
    expect(usage(() => parseValueText(field('d'), text, false))).toContain('d must be a number (float64)');
  });

  it.each([
    ['f', '1e39', 'float32'],
    ['f', '-3.5e38', 'float32'],
    ['d', '1e400', 'float64'],
    ['d', '-1e309', 'float64'],
  ])('%s refuses %s, finite but too large for a %s, rather than storing an infinity', (name, text, type) => {
    expect(usage(() => parseValueText(field(name), text, false))).toContain(`${name} must be a number (${type})`);
  });

  it.each([
    ['f', '3.4028234e38', 3.4028234e38],
    ['d', '1.7976931348623157e308', Number.MAX_VALUE],
    ['d', '1e-400', 0],
  ])('%s reads %s, the largest finite value or an underflow to zero', (name, text, value) => {
    expect(parseValueText(field(name), text, false)).toBe(value);
  });
});

describe('bool, char[N] and arrays', () => {
  it.each([
    ['b', 'true', true],
    ['b', '0', false],
    ['s', 'héllo', 'héllo'],
    ['s', '', ''],
    ['a', '1,-2,3', [1n, -2n, 3n]],
    ['x', 'NaN, 1.5', [NaN, 1.5]],
  ] as const)('%s reads %j', (name, text, value) => {
    expect(parseValueText(field(name), text, false)).toEqual(value);
  });

  it.each([
    ['b', 'yes', 'b must be true or false (bool)'],
    ['s', '123456789', 's must be a string of at most 8 bytes of UTF-8 with no NUL (char[8]), not "123456789"'],
    ['s', 'ééééé', 's must be a string of at most 8 bytes'],
    ['a', '1,2', 'a must be 3 comma-separated values (int16[3]), not "1,2"'],
    ['a', '1,2,40000', 'a[2] must be an integer from -32768 to 32767 (int16), not "40000"'],
    ['a', '1,x,3', 'a[1] must be an integer from -32768 to 32767 (int16), not "x"'],
  ])('%s refuses %j', (name, text, message) => {
    expect(usage(() => parseValueText(field(name), text, false))).toContain(message);
  });

  it.each([
    ['s', 'a\tb\\c\nd', 'a\\tb\\\\c\\nd', '"a\\tb\\\\c\\nd"'],
    ['a', [1n, -2n, 3n], '1,-2,3', '[1,-2,3]'],
    ['x', [NaN, -0], 'NaN,-0', '["NaN",-0]'],
    ['b', true, 'true', 'true'],
    ['d', Infinity, 'Infinity', '"Infinity"'],
  ] as const)('%s: %p is %j in TSV, %j in JSON, and reads back', (name, value, tsv, json) => {
    expect(valueText(field(name), value, 'tsv')).toBe(tsv);
    expect(valueText(field(name), value, 'json')).toBe(json);
    expect(parseValueText(field(name), tsv, true)).toEqual(value);
  });
});
