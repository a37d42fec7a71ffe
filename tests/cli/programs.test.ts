import { existsSync } from 'node:fs';
import { runReader } from '../../src/cli/reader';
import { runWriter } from '../../src/cli/writer';
import { cleanUp, inProcess, shmPath, uniqueName } from '../helpers';

afterEach(cleanUp);

const oneLine = (text: string) => expect(text).toMatch(/^[^\n]+\n$/);

/** Runs with a fresh segment name: exit 2, one line naming the problem, no segment created. */
async function expectRefusal(runner: typeof runWriter, args: string[], message: string): Promise<void> {
  const name = uniqueName('bad');
  const { code, stderr } = await inProcess(runner, ['--name', name, ...args]);
  expect(code).toBe(2);
  oneLine(stderr);
  expect(stderr).toContain(message);
  expect(existsSync(shmPath(name))).toBe(false);
}

describe.each([
  ['shm-writer', runWriter],
  ['shm-reader', runReader],
])('%s in-process', (tool, runner) => {
  it('documents every exit code in --help and exits 0', async () => {
    const { code, stdout } = await inProcess(runner, ['--help']);
    expect(code).toBe(0);
    for (const n of [0, 1, 2, 3, 4, 5]) expect(stdout).toMatch(new RegExp(`^ +${n}  `, 'm'));
    expect(stdout).toContain('--name <name>');
  });

  it('prints its version', async () => {
    const { code, stdout } = await inProcess(runner, ['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('rejects an unknown flag with exit 2 and one line', async () => {
    const { code, stderr } = await inProcess(runner, ['--colour']);
    expect(code).toBe(2);
    oneLine(stderr);
    expect(stderr).toMatch(new RegExp(`^${tool}: unknown option '--colour'`));
  });

  it.each([['a/b'], ['..'], [''], ['x'.repeat(256)]])('rejects the name %j before touching /dev/shm', async (name) => {
    const { code, stderr } = await inProcess(runner, ['--name', name]);
    expect(code).toBe(2);
    oneLine(stderr);
    expect(stderr).toContain(`${tool}: invalid segment name`);
    expect(stderr).not.toContain('    at ');
  });

  it('reports a missing segment with exit 3, and a hint where one helps', async () => {
    const name = uniqueName('missing');
    const args = tool === 'shm-writer' ? ['--name', name, '--unlink'] : ['--name', name];
    const { code, stderr } = await inProcess(runner, args);
    expect(code).toBe(3);
    expect(stderr).toBe(
      tool === 'shm-writer'
        ? `shm-writer: shm_unlink /${name}: no such file or directory (ENOENT)\n`
        : `shm-reader: shm_open /${name}: no such file or directory (ENOENT); create it with: shm-writer --name ${name}\n`,
    );
  });

  it('prints a stack trace only with --debug', async () => {
    const name = uniqueName('missing');
    const args = tool === 'shm-writer' ? ['--name', name, '--unlink'] : ['--name', name];
    expect((await inProcess(runner, [...args, '--debug'])).stderr).toContain('    at ');
  });
});

describe('shm-writer in-process', () => {
  it.each([
    [['--exclusive', '--recreate'], "'--exclusive' cannot be used with option '--recreate'"],
    [['--unlink', '--col1', '5'], "'--unlink' cannot be used with option '--col1 <int>'"],
    [['--json', '--quiet'], 'cannot be used with'],
    [['--col1', '1.5'], 'Col1 must be an integer from -9223372036854775808 to 9223372036854775807 (int64), not "1.5"'],
    [['--col2', '9223372036854775808'], 'Col2 must be an integer from -9223372036854775808 to 9223372036854775807'],
    [['--size', '4Q'], 'invalid size "4Q"'],
    [['--size', '10'], '--size 10 is too small: record 0 ends at byte 24'],
    [['--index', '-1'], '--index must be a whole number'],
    [['--index', '9007199254740990'], 'record index 9007199254740990 is out of range'],
    [['--mode', '999'], 'invalid mode "999"'],
  ])('refuses %j with exit 2, creating nothing', (args, message) => expectRefusal(runWriter, args, message));

  it('writes and reads back the demo record, exact over int64', async () => {
    const name = uniqueName('inproc');
    const w = await inProcess(runWriter, ['--name', name, '--col1', '-9223372036854775808', '--col3', '9007199254740993', '--json']);
    expect(w).toEqual({
      code: 0,
      stderr: '',
      stdout: `{"name":"/${name}","index":0,"size":24,"sizeBefore":0,"created":true,"fields":["Col1","Col3"],"record":{"Col1":-9223372036854775808,"Col2":0,"Col3":9007199254740993}}\n`,
    });
    expect((await inProcess(runReader, ['--name', `/${name}`, '--json'])).stdout).toBe(
      '{"Col1":-9223372036854775808,"Col2":0,"Col3":9007199254740993}\n',
    );
  });
});

describe('shm-reader in-process', () => {
  it.each([
    [['--all', '--count', '2'], "'--all' cannot be used with option '--count <n>'"],
    [['--all', '--index', '2'], "'--all' cannot be used with option '--index <n>'"],
    [['--field', 'Col1', '--json'], 'cannot be used with'],
    [['--field', 'Col9'], 'unknown field "Col9": MyData has Col1, Col2, Col3'],
    [['--count', '0'], '--count must be a whole number from 1'],
  ])('refuses %j with exit 2, creating nothing', (args, message) => expectRefusal(runReader, args, message));
});
