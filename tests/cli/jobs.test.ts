import { runReader } from '../../src/cli/reader';
import { runWriter } from '../../src/cli/writer';
import { cleanUp, inProcess, snapshot, uniqueName } from '../helpers';

// The long jobs of the two programs, in-process through Io: bulk writes, watching, info and list.
afterEach(cleanUp);

const lines = (n: number, first = 0) => Array.from({ length: n }, (_, i) => `${first + i}\t${-(first + i)}\t${(first + i) * 7}\n`).join('');

describe('shm-writer --stdin', () => {
  it('writes every line, across chunks that split lines anywhere, and says what it did', async () => {
    const name = uniqueName('bulk');
    const text = lines(50_000);
    const chunks = Array.from({ length: Math.ceil(text.length / 65_531) }, (_, k) => text.slice(k * 65_531, (k + 1) * 65_531));
    const { code, stdout } = await inProcess(runWriter, ['--name', name, '--stdin', '--json'], { stdin: chunks });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ name: `/${name}`, index: 0, written: 50_000, size: 1_200_000, created: true });
    const back = await inProcess(runReader, ['--name', name, '--all', '--tsv']);
    expect(back.stdout).toBe(text);
  });

  it('at a bad line writes the records before it, exits 2 and names the line', async () => {
    const name = uniqueName('bulk');
    const { code, stderr } = await inProcess(runWriter, ['--name', name, '--stdin', '--index', '3'], {
      stdin: [lines(2), '{"Col1":1,"Col2":"x","Col3":3}\n', lines(2)],
    });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'shm-writer: line 3: Col2 must be an integer from -9223372036854775808 to 9223372036854775807 (int64), not "x"; records 3 to 4 (2) were written before it\n',
    );
    expect(snapshot(name)?.size).toBe(5 * 24);
  });

  it('words a refused size with its flags, and says nothing was written', async () => {
    const name = uniqueName('bulk');
    await inProcess(runWriter, ['--name', name, '--size', '4K', '-q']);
    const { code, stderr } = await inProcess(runWriter, ['--name', name, '--stdin', '--size', '1K'], { stdin: [lines(1)] });
    expect(code).toBe(2);
    expect(stderr).toBe(
      `shm-writer: /${name} is 4096 bytes; --size 1024 would shrink it (add --truncate to allow that); nothing was written\n`,
    );
    expect(snapshot(name)?.size).toBe(4096);
  });
});

describe('shm-reader --watch', () => {
  it('prints the records when it starts, as JSON lines, and ends when its reader goes', async () => {
    const name = uniqueName('watch');
    await inProcess(runWriter, ['--name', name, '--stdin', '-q'], { stdin: [lines(3)] });
    const { code, stdout } = await inProcess(runReader, ['--name', name, '--all', '--watch', '--json', '--interval', '3600000'], {
      closeAfter: 1,
    });
    expect(code).toBe(0);
    const printed = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { index: number; record: unknown; time: string });
    expect(printed.map((p) => [p.index, p.record])).toEqual([
      [0, { Col1: 0, Col2: 0, Col3: 0 }],
      [1, { Col1: 1, Col2: -1, Col3: 7 }],
      [2, { Col1: 2, Col2: -2, Col3: 14 }],
    ]);
    expect(printed.every((p) => !Number.isNaN(Date.parse(p.time)))).toBe(true);
  });

  it('refuses to watch records the segment does not hold, as a read does', async () => {
    const name = uniqueName('watch');
    await inProcess(runWriter, ['--name', name, '-q']);
    const { code, stderr } = await inProcess(runReader, ['--name', name, '--index', '100', '--watch'], { closeAfter: 1 });
    expect(code).toBe(1);
    expect(stderr).toContain(`record 100 is past the end: /${name} holds 1 whole 24-byte records`);
  });
});

describe('shm-reader --info and --list', () => {
  it('--info --json describes the segment', async () => {
    const name = uniqueName('info');
    await inProcess(runWriter, ['--name', name, '--size', '1M', '--mode', '640', '-q']);
    const { code, stdout } = await inProcess(runReader, ['--name', name, '--info', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      name: `/${name}`,
      size: 1 << 20,
      mode: '640',
      uid: process.getuid?.(),
      records: 43690,
      recordSize: 24,
    });
  });

  it('--list --json lists it among the segments, with the layout asked for', async () => {
    const name = uniqueName('list');
    await inProcess(runWriter, ['--name', name, '--size', '64K', '-q']);
    const { code, stdout } = await inProcess(runReader, ['--list', '--json', '--layout', 'a:int32']);
    expect(code).toBe(0);
    const mine = (JSON.parse(stdout) as { segments: Array<{ name: string; records: number }> }).segments.find((s) => s.name === `/${name}`);
    expect(mine?.records).toBe(16384);
  });

  it('--info in a table for people', async () => {
    const name = uniqueName('info');
    await inProcess(runWriter, ['--name', name, '-q']);
    const { stdout } = await inProcess(runReader, ['--name', name, '--info']);
    expect(stdout.split('\n').slice(0, 4)).toEqual([
      `/${name}`,
      '  size      24 B (24 bytes)',
      '  used      4 KiB of /dev/shm',
      '  mode      600 rw-------',
    ]);
  });
});
