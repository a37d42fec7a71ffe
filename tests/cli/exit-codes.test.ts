import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, EXIT_CODES, exitCodeFor, exitCodesFor } from '../../src/cli/exit-codes';
import { ShmError } from '../../src/model/errors';
import { ROOT } from '../helpers';

/** The README's exit-code table, as [code, meaning] rows without Markdown's backticks. */
function readmeTable(): Array<[number, string]> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Errors and exit codes'));
  return [...section.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => [Number(m[1]), m[2].replace(/`/g, '')]);
}

describe('the exit-code table', () => {
  it("is the README's table, row for row", () => {
    expect(readmeTable()).toEqual(EXIT_CODES.map((row) => [row.code, row.meaning]));
  });

  it.each([
    ['shm-writer', [0, 1, 2, 3, 4, 5, 130]],
    ['shm-reader', [0, 1, 2, 3, 4, 5]],
  ] as const)('%s lists only the codes it exits with: %j', (tool, codes) => {
    expect(exitCodesFor(tool).map((r) => r.code)).toEqual(codes);
  });

  it("gives the reader its own meanings, with nothing of the writer's --stdin or --exclusive", () => {
    const text = exitCodesFor('shm-reader')
      .map((r) => r.meaning)
      .join('\n');
    expect(text).not.toMatch(/--stdin|--exclusive|shm-writer/);
    expect(exitCodesFor('shm-writer').map((r) => r.meaning)).toEqual(EXIT_CODES.map((r) => r.meaning));
  });

  it.each([
    ['EUSAGE', EXIT.USAGE],
    ['ENOENT', EXIT.NOT_FOUND],
    ['EACCES', EXIT.PERMISSION],
    ['EPERM', EXIT.PERMISSION],
    ['ENOSPC', EXIT.NO_SPACE],
    ['EFBIG', EXIT.NO_SPACE],
    ['ENOMEM', EXIT.NO_SPACE],
    ['EINTR', EXIT.INTERRUPTED],
    ['EEXIST', EXIT.FAILURE],
    ['ERANGE_RECORD', EXIT.FAILURE],
    ['EIO', EXIT.FAILURE],
  ])('%s exits with %d', (code, exit) => {
    expect(exitCodeFor(new ShmError(code, 'x'))).toBe(exit);
  });

  it('gives 1 for anything that is not a ShmError', () => {
    expect(exitCodeFor(new Error('x'))).toBe(EXIT.FAILURE);
    expect(exitCodeFor(undefined)).toBe(EXIT.FAILURE);
  });

  it('names each code once, and EXIT agrees with the table', () => {
    expect(new Set(EXIT_CODES.map((r) => r.code)).size).toBe(EXIT_CODES.length);
    expect(Object.values(EXIT).sort((a, b) => a - b)).toEqual(EXIT_CODES.map((r) => r.code));
  });
});
