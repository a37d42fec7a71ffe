import { oneLine, quote, ShmError } from '../../src/model/errors';

describe('ShmError', () => {
  it.each([
    ['a\nb', 'a\\nb'],
    ['tab\there', 'tab\\there'],
    ['\u001b]0;PWNED\u0007', '\\u001b]0;PWNED\\u0007'],
    ['del\u007f c1\u009b', 'del\\u007f c1\\u009b'],
    ['plain é ✓', 'plain é ✓'],
  ])('keeps its message to one printable line: %j', (message, shown) => {
    expect(new ShmError('EUSAGE', message).message).toBe(shown);
    expect(oneLine(message)).toBe(shown);
  });

  it('quotes input cut to 60 characters, escaped as JSON escapes it', () => {
    expect(quote('x'.repeat(5_000_000))).toBe(`"${'x'.repeat(60)}..."`);
    expect(quote('a"b\n')).toBe('"a\\"b\\n"');
  });

  it('oneLine cuts a huge text, for messages that are not ours', () => {
    const line = oneLine(`bad ${'x'.repeat(5_000_000)}\n`);
    expect([line.length, line.endsWith('...')]).toEqual([1000, true]);
  });

  it('keeps its facts as data, and adds to them', () => {
    const err = ShmError.usage('too small', { segment: '/x', size: 10 });
    const more = err.with({ written: { first: 0, count: 2 } }, 'too small; records 0 to 1 (2) were written before it');
    expect([more.code, more.segment, more.details.size, more.details.written]).toEqual(['EUSAGE', '/x', 10, { first: 0, count: 2 }]);
    expect(more.message).toBe('too small; records 0 to 1 (2) were written before it');
  });

  it('names the errno of a failed call', () => {
    const err = ShmError.fromErrno(2, 'shm_open', '/x');
    expect([err.code, err.syscall, err.segment, err.message]).toEqual([
      'ENOENT',
      'shm_open',
      '/x',
      'shm_open /x: no such file or directory (ENOENT)',
    ]);
  });
});
