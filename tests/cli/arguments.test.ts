import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_INTERVAL_MS, parseCount, parseIndex, parseInterval, parseLayoutOption, parseMode } from '../../src/cli/arguments';
import { usageError as usage } from '../helpers';

describe('parseIndex, parseCount, parseInterval and parseMode', () => {
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

describe('parseInterval', () => {
  it.each([
    ['1', 1],
    ['100', 100],
    [String(MAX_INTERVAL_MS), MAX_INTERVAL_MS],
  ])('interval %j is %d', (input, n) => expect(parseInterval(input)).toBe(n));
  it.each(['0', '-5', 'garbage', '', String(MAX_INTERVAL_MS + 1), '1e3'])('interval %j is refused, naming the real range', (input) => {
    expect(usage(() => parseInterval(input)).message).toBe(
      `--interval must be a whole number from 1 to ${MAX_INTERVAL_MS}, not ${JSON.stringify(input)}`,
    );
  });
});

describe('parseLayoutOption', () => {
  it('is nothing when no --layout is given: the segment says, or MyData', () =>
    expect(parseLayoutOption(undefined, false)).toBeUndefined());
  it('refuses --packed without --layout', () =>
    expect(usage(() => parseLayoutOption(undefined, true)).message).toContain('--packed goes with --layout'));
  it('reads inline layouts, packed or not', () => {
    expect(parseLayoutOption('a:int8,b:int32', false)?.size).toBe(8);
    expect(parseLayoutOption('a:int8,b:int32', true)?.size).toBe(5);
  });
  it.each([
    [
      'a FIFO, which would block a plain read',
      (dir: string) => (execFileSync('mkfifo', [join(dir, 'f')]), join(dir, 'f')),
      'it is not a regular file',
    ],
    ['/dev/zero, which never ends', () => '/dev/zero', 'it is not a regular file'],
    ['a directory', (dir: string) => dir, 'it is not a regular file'],
    [
      'a file of 2 MiB',
      (dir: string) => (writeFileSync(join(dir, 'big.json'), ' '.repeat(2 << 20)), join(dir, 'big.json')),
      'it is larger than 1048576 bytes',
    ],
  ])('refuses %s as a layout file, at once', (_, make, why) => {
    const dir = mkdtempSync(join(tmpdir(), 'shm-layout-'));
    try {
      const path = make(dir);
      expect(usage(() => parseLayoutOption(`@${path}`, false)).message).toBe(`cannot read layout file ${JSON.stringify(path)}: ${why}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a layout file it cannot read', () => {
    expect(usage(() => parseLayoutOption('@/nonexistent/layout.json', false)).message).toMatch(
      /^cannot read layout file "\/nonexistent\/layout.json": /,
    );
  });
});
