import { humanBytes, humanRecord } from '../../src/cli/render';
import { styleFor, useColor } from '../../src/cli/style';
import { MY_DATA } from '../../src/model/layout';
import { toJson } from '../../src/text/json';
import { recordJson } from '../../src/text/record-format';

describe('toJson', () => {
  it.each([
    [{ a: 1n }, '{"a":1}'],
    [{ a: -(2n ** 63n), b: 2n ** 63n - 1n }, '{"a":-9223372036854775808,"b":9223372036854775807}'],
    [{ s: 'x"y', n: null, t: true, l: [1, 2n] }, '{"s":"x\\"y","n":null,"t":true,"l":[1,2]}'],
    [[], '[]'],
  ])('prints %p as %s', (value, text) => expect(toJson(value)).toBe(text));

  it('keeps every digit of 2^53 + 1, which a double would round', () => {
    expect(recordJson(MY_DATA, { Col1: 2n ** 53n + 1n, Col2: 0n, Col3: -1n })).toBe('{"Col1":9007199254740993,"Col2":0,"Col3":-1}');
  });
});

describe('colour', () => {
  it.each([
    [true, true, {}, true],
    [false, true, {}, false],
    [true, false, {}, false],
    [true, true, { NO_COLOR: '1' }, false],
    [true, true, { NO_COLOR: '' }, true],
    [true, true, { FORCE_COLOR: '0' }, false],
    [false, true, { FORCE_COLOR: '1' }, true],
    [false, false, { FORCE_COLOR: '1' }, false],
    [true, true, { TERM: 'dumb' }, false],
  ])('tty %p, colour flag %p, env %p: %p', (tty, flag, env, expected) => {
    expect(useColor(tty, flag, env)).toBe(expected);
  });

  it('prints plain text without colour and ANSI codes with it', () => {
    const record = { Col1: 100n, Col2: 876n, Col3: 8021n };
    const text = (f: { name: string }) => String(record[f.name as keyof typeof record]);
    expect(humanRecord(MY_DATA, '/m', 0, text, styleFor(false))).toBe('/m[0]  Col1=100  Col2=876  Col3=8021');
    const coloured = humanRecord(MY_DATA, '/m', 0, text, styleFor(true));
    expect(coloured).toContain('\u001b[');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe('/m[0]  Col1=100  Col2=876  Col3=8021');
  });
});

describe('humanBytes', () => {
  it.each([
    [24, '24 B'],
    [4096, '4 KiB'],
    [1536, '1.5 KiB'],
    [4294967296, '4 GiB'],
    [2 ** 30 - 12288, '1.0 GiB'],
    [1023, '1023 B'],
    [1048474, '1023.9 KiB'],
  ])('%d is %s', (n, text) => expect(humanBytes(n)).toBe(text));
});
