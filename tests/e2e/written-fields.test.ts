import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cleanUp, run, shmPath, uniqueName } from '../helpers';

afterEach(cleanUp);

/** A JSON line the writer prints for one record. */
interface Done {
  name: string;
  index: number;
  size: number;
  sizeBefore: number;
  created: boolean;
  fields: string[];
  record: Record<string, number> | null;
}

const write = (name: string, args: string[]): Done => {
  const w = run('shm-writer', [name, ...args, '--json']);
  expect([w.status, w.stderr]).toEqual([0, '']);
  return JSON.parse(w.stdout) as Done;
};
const bytes = (name: string) => readFileSync(shmPath(name));

describe('the writer writes exactly the fields given', () => {
  it.each<[string, string[], Partial<Done>]>([
    [
      'a new segment with no value gets the demo record',
      ['--size', '4G'],
      { created: true, fields: ['Col1', 'Col2', 'Col3'], record: { Col1: 100, Col2: 876, Col3: 8021 } },
    ],
    [
      'a new segment with one value gets that field only',
      ['--col2', '33'],
      { created: true, size: 24, fields: ['Col2'], record: { Col1: 0, Col2: 33, Col3: 0 } },
    ],
    [
      '--no-record on a new name: a segment of zeros',
      ['--no-record', '--size', '1K'],
      { created: true, size: 1024, fields: [], record: null },
    ],
    ['--recreate with no value starts with the demo record', ['--recreate'], { created: true, fields: ['Col1', 'Col2', 'Col3'] }],
  ])('%s', (_, args, expected) => {
    const name = uniqueName('fields');
    expect(write(name, args)).toMatchObject(expected);
    if (expected.record === null) expect(bytes(name).every((b) => b === 0)).toBe(true);
  });

  it.each<[string, string[], Partial<Done>, (before: Buffer, after: Buffer) => void]>([
    [
      'a value in another record: that field of that record, no other byte',
      ['--index', '3', '--col2', '33'],
      { fields: ['Col2'], sizeBefore: 4096, size: 4096 },
      (before, after) => {
        expect(after.readBigInt64LE(3 * 24 + 8)).toBe(33n);
        after.writeBigInt64LE(before.readBigInt64LE(3 * 24 + 8), 3 * 24 + 8);
        expect(after.equals(before)).toBe(true);
      },
    ],
    [
      'shrinking with --truncate: no record written',
      ['--size', '1K', '--truncate'],
      { fields: [], sizeBefore: 4096, size: 1024 },
      (before, after) => expect(after.equals(before.subarray(0, 1024))).toBe(true),
    ],
    [
      'growing: no record written',
      ['--size', '8K'],
      { fields: [], sizeBefore: 4096, size: 8192 },
      (before, after) => expect(after.equals(Buffer.concat([before, Buffer.alloc(4096)]))).toBe(true),
    ],
    [
      'no value on an existing segment: nothing written',
      [],
      { fields: [], size: 4096, created: false },
      (before, after) => expect(after.equals(before)).toBe(true),
    ],
    [
      '--no-record --recreate: a new segment of zeros',
      ['--no-record', '--recreate', '--size', '2K'],
      { created: true, fields: [], size: 2048 },
      (_, after) => expect(after.equals(Buffer.alloc(2048))).toBe(true),
    ],
  ])('on a segment another program filled: %s', (_, args, expected, check) => {
    const name = uniqueName('fields');
    const before = randomBytes(4096);
    writeFileSync(shmPath(name), before);
    expect(write(name, args)).toMatchObject(expected);
    check(before, bytes(name));
  });

  it.each<[string[], RegExp]>([
    [['--col2', '33'], /^\/\S+\[0\] {2}Col1=0 {2}Col2=33 {2}Col3=0 {2}\(wrote Col2; new segment, 24 B, mode 600\)\n$/],
    [['--no-record', '--size', '64K'], /^\/\S+ {2}\(new segment, 64 KiB, mode 600\)\n$/],
  ])('says what it did: %j', (args, line) => {
    const w = run('shm-writer', [uniqueName('fields'), ...args]);
    expect(w.stdout).toMatch(line);
  });

  it('says when it changed the size and left the record as it was', () => {
    const name = uniqueName('fields');
    run('shm-writer', [name, '--size', '4K', '-q']);
    expect(run('shm-writer', [name, '--size', '8K']).stdout).toBe(
      `/${name}[0]  Col1=100  Col2=876  Col3=8021  (left as it was; grew from 4 KiB to 8 KiB)\n`,
    );
    expect(run('shm-writer', [name, '--col1', '1', '--col3', '3']).stdout).toBe(
      `/${name}[0]  Col1=1  Col2=876  Col3=3  (wrote Col1 and Col3; 8 KiB)\n`,
    );
  });

  it.each([['--col1', '5'], ['--stdin'], ['--index', '2'], ['--set', 'Col1=1']])(
    'refuses --no-record with %s, changing nothing',
    (...args) => {
      const name = uniqueName('fields');
      const w = run('shm-writer', [name, '--no-record', ...args], { input: '' });
      expect(w.status).toBe(2);
      expect(w.stderr).toMatch(/^shm-writer: option '--no-record' cannot be used with option '/);
      expect(run('shm-reader', [name, '--info']).status).toBe(3);
    },
  );

  it.each([[['--col1', '1', '--set', 'Col1=2']], [['--set', 'Col2=1', '--set', 'Col2=3']]])('refuses a field given twice: %j', (args) => {
    const w = run('shm-writer', [uniqueName('fields'), ...args]);
    expect([w.status, w.stderr]).toEqual([
      2,
      `shm-writer: ${args.includes('Col2=1') ? 'Col2' : 'Col1'} is given twice: give each field once\n`,
    ]);
  });
});
