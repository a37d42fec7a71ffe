import { parseCount, parseIndex, parseMode, parseName, parseSize } from '../src/parse';
import { usageError as usage } from './helpers';

describe('parseName', () => {
  it.each([
    ['my_shm', '/my_shm'],
    ['/my_shm', '/my_shm'],
    ['a.b-c_1', '/a.b-c_1'],
    ['...', '/...'],
    ['é', '/é'],
    ['x'.repeat(255), `/${'x'.repeat(255)}`],
    [`/${'x'.repeat(255)}`, `/${'x'.repeat(255)}`],
  ])('accepts %j as %j', (input, expected) => {
    expect(parseName(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['/', 'empty'],
    ['//x', "only a leading '/'"],
    ['a/b', "only a leading '/'"],
    ['../x', "only a leading '/'"],
    ['.', "'.' and '..'"],
    ['/..', "'.' and '..'"],
    ['a\0b', 'control character'],
    ['a\nb', 'control character'],
    ['a\ufffdb', 'not valid UTF-8'],
    ['x'.repeat(256), 'longer than 255 bytes'],
    ['é'.repeat(128), 'longer than 255 bytes'],
  ])('rejects %j (%s)', (input, why) => {
    expect(usage(() => parseName(input)).message).toContain(why);
  });
});

describe('parseSize', () => {
  it.each([
    ['1', 1],
    ['4096', 4096],
    ['4K', 4096],
    ['4k', 4096],
    ['4KiB', 4096],
    ['4KB', 4000],
    ['1M', 1048576],
    ['1MB', 1000000],
    ['4G', 4294967296],
    ['4GiB', 4294967296],
    ['4GB', 4000000000],
    ['2T', 2199023255552],
    ['2TB', 2000000000000],
    ['8191T', 8191 * 2 ** 40],
  ])('reads %j as %d bytes', (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });

  it.each([
    ['0', 'at least one byte'],
    ['0G', 'at least one byte'],
    ['-1', 'use a whole number'],
    ['1.5G', 'use a whole number'],
    ['4Q', 'use a whole number'],
    ['G', 'use a whole number'],
    [' 4G', 'use a whole number'],
    ['4 G', 'use a whole number'],
    ['0x10', 'use a whole number'],
    ['4Gi', 'use a whole number'],
    ['', 'use a whole number'],
    ['8192T', 'at most'],
    ['99999999999999999999T', 'at most'],
  ])('rejects %j (%s)', (input, why) => {
    const err = usage(() => parseSize(input));
    expect(err.message).toContain(why);
    expect(err.message).toContain(JSON.stringify(input));
  });

  it('shows the accepted forms when the form is wrong', () => {
    expect(usage(() => parseSize('4Q')).message).toMatch(/K, M, G, T or KiB, MiB, GiB, TiB .* KB, MB, GB, TB/);
  });
});

describe('parseIndex, parseCount and parseMode', () => {
  it.each([
    ['0', 0],
    ['7', 7],
    ['9007199254740991', 9007199254740991],
  ])('index %j is %d', (input, n) => expect(parseIndex(input)).toBe(n));
  it.each(['-1', '1.5', 'x', '', '9007199254740992', '1e3'])('index %j is rejected', (input) => {
    expect(usage(() => parseIndex(input)).message).toContain('--index');
  });
  it.each(['0', '-2', 'all'])('count %j is rejected', (input) => {
    expect(usage(() => parseCount(input)).message).toContain('--count');
  });
  it('count 3 is 3', () => expect(parseCount('3')).toBe(3));
  it.each([
    ['600', 0o600],
    ['0644', 0o644],
    ['000', 0],
  ])('mode %j is %o', (input, mode) => expect(parseMode(input)).toBe(mode));
  it.each(['888', '4755', '60', 'rw', '0o600', ''])('mode %j is rejected', (input) => {
    expect(usage(() => parseMode(input)).message).toContain('octal');
  });
});
