import fc from 'fast-check';
import { MY_DATA, defineLayout } from '../../src/model/layout';
import { isNamePattern, MAX_BYTES, namePattern, parseName, parseSize, recordOffset, recordsPerBatch } from '../../src/model/limits';
import { usageError as usage } from '../helpers';

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
    ['a\u009b31mb', 'control character'],
    ['a\u007fb', 'control character'],
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
    ['4toString', 'use a whole number'],
    ['4constructor', 'use a whole number'],
    ['1valueOf', 'use a whole number'],
    ['1__proto__', 'use a whole number'],
  ])('rejects %j (%s)', (input, why) => {
    const err = usage(() => parseSize(input));
    expect(err.message).toContain(why);
    expect(err.message).toContain(JSON.stringify(input));
  });

  it('shows the accepted forms when the form is wrong', () => {
    expect(usage(() => parseSize('4Q')).message).toMatch(/K, M, G, T or KiB, MiB, GiB, TiB .* KB, MB, GB, TB/);
  });
});

describe('recordOffset and recordsPerBatch', () => {
  it('allows the last slot that ends by MAX_BYTES and refuses the next', () => {
    const last = Math.floor(MAX_BYTES / 24) - 1;
    expect(recordOffset(MY_DATA, last)).toBe(last * 24);
    expect(usage(() => recordOffset(MY_DATA, last + 1)).message).toContain(`record index ${last + 1} is out of range`);
  });
  it.each([-1, 1.5, NaN])('refuses index %d', (index) => {
    expect(usage(() => recordOffset(MY_DATA, index)).message).toContain('out of range');
  });
  it.each([
    ['8-byte records', [['a', 'int64']], 131072],
    [
      '24-byte records',
      [
        ['a', 'int64'],
        ['b', 'int64'],
        ['c', 'int64'],
      ],
      43690,
    ],
    [
      'records just over 1 MiB',
      [
        ['a', 'char[1048576]'],
        ['b', 'int8'],
      ],
      1,
    ],
    [
      'records of nearly 3 MiB',
      [
        ['a', 'char[1048576]'],
        ['b', 'char[1048576]'],
        ['c', 'char[900000]'],
      ],
      1,
    ],
  ] as Array<[string, Array<[string, string]>, number]>)('a batch of %s holds %d records', (_, fields, n) => {
    expect(recordsPerBatch(defineLayout('t', fields))).toBe(n);
  });
});

describe('namePattern', () => {
  it.each<[string, string[], string[]]>([
    ['job-*', ['job-', 'job-1', 'job-a.b'], ['job', 'jobs-1', 'xjob-1']],
    ['/run-?', ['run-1', 'run-x'], ['run-', 'run-10']],
    ['n[0-9][!a-c]', ['n1d', 'n9-', 'n10'], ['n1a', 'nx1', 'n1']],
    ['a.b+(c)', ['a.b+(c)'], ['axb+(c)', 'a.bb(c)']],
    ['x[]', ['x[]'], ['x']],
    ['*', ['a', 'a\nb'], ['.hidden', '.x.recreate-1-2']],
    ['.*', ['.hidden'], ['a']],
  ])('%s matches %j and not %j', (pattern, yes, no) => {
    const re = namePattern(pattern);
    for (const name of yes) expect(re.test(name)).toBe(true);
    for (const name of no) expect(re.test(name)).toBe(false);
    expect(isNamePattern(pattern)).toBe(/[*?[]/.test(pattern));
  });

  it('is a valid name first, and a bracket range from low to high', () => {
    expect(() => namePattern('a[z-a]')).toThrow('invalid pattern "a[z-a]": a range in brackets goes from low to high, as in [a-z]');
    expect(() => namePattern('a/*')).toThrow('invalid segment name "a/*": only a leading \'/\' is allowed');
    expect(isNamePattern('plain-name.1')).toBe(false);
  });

  it('matches every name it was made from, with any of its characters made ? or a run of them * (seeded)', () => {
    const char = fc.constantFrom(...'ab-_.+()$^{}|\\1é'.split(''));
    fc.assert(
      fc.property(fc.array(char, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 4 }), (tail, holes) => {
        const chars = ['n', ...tail]; // a name, never `.` or `..`
        const name = chars.join('');
        const pattern = [...chars];
        for (const h of holes) pattern[h % pattern.length] = h % 2 === 0 ? '?' : '*';
        expect(namePattern(pattern.join('')).test(name)).toBe(true);
        expect(namePattern(name.replace(/[*?[]/g, '?')).test(`${name}x`)).toBe(false);
      }),
      { seed: 20261127, numRuns: 500 },
    );
  });
});
