import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runWriter } from '../../src/cli/writer';
import { cleanUp, inProcess, ROOT, run, snapshot, uniqueName } from '../helpers';

type Tool = 'shm-writer' | 'shm-reader';
/** A hostile invocation: tool, arguments (`SEG` is an existing segment, `NEW` a name nobody has), exit code, what stderr must name. */
type Case = [Tool, string[], number, string];

const BIG = '9'.repeat(1000);
const names = (tool: Tool): Case[] => [
  [tool, ['--name', ''], 2, 'it is empty'],
  [tool, ['--name', '/'], 2, 'it is empty'],
  [tool, ['--name', 'a/b'], 2, "only a leading '/'"],
  [tool, ['--name', '../x'], 2, "only a leading '/'"],
  [tool, ['--name', '//SEG'], 2, "only a leading '/'"],
  [tool, ['--name', '.'], 2, "'.' and '..'"],
  [tool, ['--name', '..'], 2, "'.' and '..'"],
  [tool, ['--name', 'x'.repeat(256)], 2, 'longer than 255 bytes'],
  [tool, ['--name', 'a\u0001b'], 2, 'control character'],
  [tool, ['--name', 'a\nb'], 2, 'control character'],
  [tool, ['--name', 'a\u001b[31mb'], 2, 'control character'],
  [tool, ['--name'], 2, "option '--name <name>' argument missing"],
];

const CASES: Case[] = [
  ...names('shm-writer'),
  ...names('shm-reader'),
  ...['0', '-1', '1.5G', '4Q', 'G', '99999999999999999999T', ' 4G', '0x10', '4 G', '1e3', '', '4GiBs', '١٢'].map((size): Case => [
    'shm-writer',
    ['--name', 'SEG', '--size', size],
    2,
    `size ${JSON.stringify(size)}`,
  ]),
  ['shm-writer', ['--name', 'NEW', '--size', '0'], 2, 'at least one byte'],
  ['shm-writer', ['--name', 'NEW', '--size', '10'], 2, 'too small: record 0 ends at byte 24'],
  ['shm-writer', ['--name', 'SEG', '--size', '4K'], 2, 'would shrink it (add --truncate'],
  ['shm-writer', ['--name', 'SEG', '--size', '16', '--truncate'], 2, 'too small'],
  ...['abc', '1e3', '1.0', '', '+5', '0x1f', ' 1', '1_000', '9223372036854775808', '-9223372036854775809', BIG, `-${BIG}`].map(
    (value): Case => ['shm-writer', ['--name', 'SEG', '--col1', value], 2, 'Col1 must be'],
  ),
  ['shm-writer', ['--name', 'SEG', '--col1='], 2, 'Col1 must be an integer'],
  ['shm-writer', ['--name', 'NEW', '--col3', '18446744073709551615'], 2, 'Col3 must be an integer'],
  ...['-1', '1.5', '1e3', 'x', '99999999999999999999'].map((index): Case => [
    'shm-writer',
    ['--name', 'SEG', '--index', index],
    2,
    '--index must be',
  ]),
  ['shm-writer', ['--name', 'NEW', '--index', '9007199254740990'], 2, 'out of range'],
  ...['-1', '1.5', ''].map((index): Case => ['shm-reader', ['--name', 'SEG', '--index', index], 2, '--index must be']),
  ['shm-reader', ['--name', 'SEG', '--index', '341'], 1, 'record 341 is past the end'],
  ['shm-reader', ['--name', 'SEG', '--index', '9007199254740991'], 2, 'out of range'],
  ['shm-reader', ['--name', 'SEG', '--count', '0'], 2, '--count must be'],
  ['shm-reader', ['--name', 'SEG', '--count', '-1'], 2, '--count must be'],
  ['shm-reader', ['--name', 'SEG', '--count', '342'], 1, 'records 0 to 341 go past the end'],
  ['shm-reader', ['--name', 'SEG', '--index', '340', '--count', '2'], 1, 'past the end'],
  ['shm-writer', ['--name', 'SEG', '--bogus'], 2, "unknown option '--bogus'"],
  ['shm-reader', ['--name', 'SEG', '--bogus'], 2, "unknown option '--bogus'"],
  ['shm-writer', ['--name', 'SEG', '-x'], 2, "unknown option '-x'"],
  ['shm-reader', ['--name', 'SEG', 'extra'], 2, 'the segment name "extra" cannot be given with --name'],
  ['shm-reader', ['extra', 'more'], 2, 'one segment name only, not 2: "extra" "more"'],
  ['shm-reader', ['--list', 'a/b'], 2, 'invalid segment name "a/b"'],
  ['shm-writer', ['--name', 'SEG', '--size'], 2, 'argument missing'],
  ['shm-writer', ['--name', 'SEG', '--exclusive', '--recreate'], 2, "'--exclusive' cannot be used with option '--recreate'"],
  ['shm-writer', ['--name', 'SEG', '--unlink', '--col1', '1'], 2, "'--unlink' cannot be used"],
  ['shm-writer', ['--name', 'SEG', '--unlink', '--size', '4K'], 2, "'--unlink' cannot be used"],
  ['shm-writer', ['--name', 'SEG', '--unlink', '--index', '1'], 2, "'--unlink' cannot be used"],
  ['shm-writer', ['--name', 'SEG', '--unlink', '--recreate'], 2, "'--unlink' cannot be used"],
  ['shm-writer', ['--name', 'SEG', '--json', '--quiet'], 2, 'cannot be used with'],
  ['shm-writer', ['--name', 'SEG', '--exclusive'], 1, 'file already exists (EEXIST)'],
  ['shm-writer', ['--name', 'SEG', '--mode', '999'], 2, 'invalid mode'],
  ['shm-writer', ['--name', 'SEG', '--mode', '4755'], 2, 'invalid mode'],
  ['shm-writer', ['--name', 'NEW', '--mode', 'rw'], 2, 'invalid mode'],
  ['shm-reader', ['--name', 'SEG', '--all', '--count', '2'], 2, "'--all' cannot be used with option '--count <n>'"],
  ['shm-reader', ['--name', 'SEG', '--all', '--index', '1'], 2, "'--all' cannot be used with option '--index <n>'"],
  ['shm-reader', ['--name', 'SEG', '--field', 'Col1', '--json'], 2, 'cannot be used with'],
  ['shm-reader', ['--name', 'SEG', '--field', 'nope'], 2, 'unknown field "nope"'],
  ['shm-reader', ['--name', 'NEW'], 3, 'no such file or directory (ENOENT)'],
  ['shm-writer', ['--name', 'NEW', '--unlink'], 3, 'no such file or directory (ENOENT)'],
];

let seg: string;
let before: ReturnType<typeof snapshot>;
const token = `-${process.pid}-`;
/** Entries in /dev/shm made by this test file. */
const ours = () =>
  readdirSync('/dev/shm')
    .filter((e) => e.includes(token))
    .sort();

beforeAll(() => {
  seg = uniqueName('hostile');
  expect(run('shm-writer', ['--name', seg, '--size', '8K', '--index', '7', '--col2', '-7', '-q']).status).toBe(0);
  chmodSync(`/dev/shm/${seg}`, 0o640);
  before = snapshot(seg);
});
afterAll(cleanUp);

function expectOneClearLine(stderr: string, fragment: string): void {
  expect(stderr).toMatch(/^shm-(writer|reader): [^\n]+\n$/);
  expect(stderr).toContain(fragment);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('hostile input: documented exit code, one clear line, nothing changed', () => {
  it.each(CASES)('%s %j exits %d naming %j', (tool, args, code, fragment) => {
    const fresh = uniqueName('never');
    const existing = ours();
    const r = run(
      tool,
      args.map((a) => a.replace('SEG', seg).replace('NEW', fresh)),
    );
    expect(r.signal).toBeNull();
    expect(r.status).toBe(code);
    expect(r.stdout).toBe('');
    expectOneClearLine(r.stderr, fragment);
    expect(snapshot(seg)).toEqual(before);
    expect(ours()).toEqual(existing);
  });

  it.each([
    ["$'\\xff\\xfe'", 'not valid UTF-8'],
    ["$'caf\\xe9'", 'not valid UTF-8'],
  ])('refuses the non-UTF-8 name %s', (bashWord, fragment) => {
    for (const tool of ['shm-writer', 'shm-reader']) {
      const r = spawnSync('bash', ['-c', `exec "${process.execPath}" "${join(ROOT, 'bin', `${tool}.js`)}" --name ${bashWord}`], {
        encoding: 'utf8',
      });
      expect(r.status).toBe(2);
      expectOneClearLine(r.stderr, fragment);
    }
    expect(snapshot(seg)).toEqual(before);
  });

  it('refuses a name with a NUL byte (argv cannot carry one; the library is called directly)', async () => {
    const { code, stderr } = await inProcess(runWriter, ['--name', `${seg}\0x`]);
    expect(code).toBe(2);
    expectOneClearLine(stderr, 'control character');
    expect(snapshot(seg)).toEqual(before);
  });
});
