import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bin, cleanUp, run, seededRandom, shmPath, testSeed, uniqueName } from '../helpers';

// `shm-reader --all --tsv | shm-writer --stdin --input-format tsv` (and the same with JSON) copies a
// segment byte for byte: strings that are empty, blank, start with `{`, hold tabs, newlines,
// backslashes or bytes that are not UTF-8 included. Told no format, the writer reads the copy the
// same or refuses it; it never writes other bytes.
afterEach(cleanUp);

const STRINGS = ['', ' ', '\t', '{', '{"s":"x"}', 'a\tb', 'a\nb', 'a\\tb', '\\', 'x\r', 'caf\xe9', '\xff\xfe', 'é', '\u{1f600}'];
const LAYOUT = 's:char[12],t:char[3]';

/** Writes `records` (each the bytes of s and t) straight into a new segment file, as a C program would. */
function plant(name: string, records: ReadonlyArray<readonly [Buffer, Buffer]>): Buffer {
  const bytes = Buffer.alloc(records.length * 15);
  records.forEach(([s, t], i) => (s.copy(bytes, i * 15, 0, 12), t.copy(bytes, i * 15 + 12, 0, 3)));
  writeFileSync(shmPath(name), bytes, { mode: 0o600 });
  return bytes;
}

/** Runs `reader ... | writer ...` in a shell, as a user types it. */
function pipe(reader: string[], writer: string[]): { status: number | null; stderr: string } {
  const node = JSON.stringify(process.execPath);
  const quoted = (args: string[]) => args.map((a) => `'${a}'`).join(' ');
  const cmd = `${node} ${bin('shm-reader')} ${quoted(reader)} | ${node} ${bin('shm-writer')} ${quoted(writer)}`;
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', cmd], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('copies through text are exact', () => {
  const latin1 = (s: string) => Buffer.from(s, 'latin1');
  const records = [
    ...STRINGS.map((s) => [latin1(s), Buffer.alloc(0)] as const),
    ...STRINGS.map((s) => [Buffer.from(s, 'utf8').subarray(0, 12), latin1(s).subarray(0, 3)] as const),
  ];

  it.each(['tsv', 'json'])('--all --%s | --stdin --input-format %s', (format) => {
    const from = uniqueName('copy-from');
    const to = uniqueName('copy-to');
    const bytes = plant(from, records);
    const r = pipe(
      ['--name', from, '--layout', LAYOUT, '--all', `--${format}`],
      ['--name', to, '--layout', LAYOUT, '--stdin', '--input-format', format, '-q'],
    );
    expect(r).toEqual({ status: 0, stderr: '' });
    expect(readFileSync(shmPath(to))).toEqual(bytes);
  });

  it('on random bytes of every kind of field, seeded', () => {
    const random = seededRandom(testSeed());
    const layout = 'a:char[5],b:int64,c:uint8[3],d:bool,e:char[1],f:int16';
    const size = 5 + 3 + 8 + 3 + 1 + 1 + 1 + 2; // gcc's layout: b at 8, f at 22
    const records = 500;
    const bytes = Buffer.alloc(records * 24);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    for (let r = 0; r < records; r++) {
      const o = r * 24;
      for (const [at, n] of [
        [0, 5],
        [20, 1],
      ]) {
        const end = bytes.subarray(o + at, o + at + n).indexOf(0);
        if (end !== -1) bytes.fill(0, o + at + end, o + at + n);
      }
      bytes.fill(0, o + 5, o + 8);
      bytes[o + 19] &= 1;
      bytes[o + 21] = 0;
    }
    expect(size).toBe(24);
    for (const format of ['tsv', 'json']) {
      const from = uniqueName('copy-from');
      const to = uniqueName('copy-to');
      writeFileSync(shmPath(from), bytes, { mode: 0o600 });
      const r = pipe(
        ['--name', from, '--layout', layout, '--all', `--${format}`],
        ['--name', to, '--layout', layout, '--stdin', '--input-format', format, '-q'],
      );
      expect([format, r]).toEqual([format, { status: 0, stderr: '' }]);
      expect(readFileSync(shmPath(to)).equals(bytes)).toBe(true);
    }
  });
});

describe('a JSON copy of a layout with long names', () => {
  it('fits the line cap, which counts every name as a key', () => {
    const from = uniqueName('copy-from');
    const to = uniqueName('copy-to');
    const file = join(mkdtempSync(join(tmpdir(), 'shm-layout-')), 'long.json');
    const fields = Array.from({ length: 70 }, (_, i) => ({ name: `f${i}_${'x'.repeat(2000)}`, type: 'int8' }));
    writeFileSync(file, JSON.stringify({ fields }));
    const bytes = Buffer.alloc(70 * 3, 0x81);
    writeFileSync(shmPath(from), bytes, { mode: 0o600 });
    const r = pipe(
      ['--name', from, '--layout', `@${file}`, '--all', '--json'],
      ['--name', to, '--layout', `@${file}`, '--stdin', '--input-format', 'json', '-q'],
    );
    expect(r).toEqual({ status: 0, stderr: '' });
    expect(readFileSync(shmPath(to))).toEqual(bytes);
    rmSync(dirname(file), { recursive: true });
  });
});

describe('told no format, the writer never guesses', () => {
  it.each([
    [
      'a blank line of empty strings',
      'one:char[8]',
      ['x', '', 'y'],
      2,
      'line 2: blank, which is a record of empty strings as tab-separated values and no record as JSON lines',
    ],
    ['a line of blank strings', 'a:char[4],b:char[4]', ['x\ty', ' \t '], 2, 'line 2: blank, which is a record of empty strings'],
    ['a string starting with {', 'a:char[16],b:int8', ['{"a":"x","b":1}\t1'], 1, null],
    [
      'JSON that a lone string field also takes',
      'a:char[32]',
      ['{"a":"x"}'],
      1,
      "line 1: starts with '{' and is a record both as tab-separated values and as JSON",
    ],
  ])('%s: %s', (_, layout, lines, written, problem) => {
    const name = uniqueName('guess');
    const r = run('shm-writer', ['--name', name, '--layout', layout, '--stdin', '--json'], { input: lines.map((l) => `${l}\n`).join('') });
    if (problem === null) {
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(JSON.parse(r.stdout)).toMatchObject({ written });
      return;
    }
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(problem);
    expect(r.stderr).toMatch(/; say which format the input is in: --input-format tsv or --input-format json\n$/);
    // The lines before it are written, as for any bad line.
    expect(run('shm-reader', ['--name', name, '--layout', layout, '--all', '--tsv']).stdout.split('\n')).toHaveLength(written);
  });

  it('--input-format tsv reads blank lines as records; json skips them and reads no TSV', () => {
    const name = uniqueName('fmt');
    const tsv = run('shm-writer', ['--name', name, '--layout', 'one:char[8]', '--stdin', '--input-format', 'tsv', '--json'], {
      input: 'x\n\n{\n',
    });
    expect(JSON.parse(tsv.stdout)).toMatchObject({ written: 3 });
    expect(run('shm-reader', ['--name', name, '--layout', 'one:char[8]', '--all', '--json']).stdout).toBe(
      '{"one":"x"}\n{"one":""}\n{"one":"{"}\n',
    );
    // Into a segment of the default layout: this one now stores its own.
    const json = run('shm-writer', ['--name', uniqueName('fmt'), '--stdin', '--input-format', 'json'], {
      input: '\n{"Col1":1,"Col2":2,"Col3":3}\n  \n1\t2\t3\n',
    });
    expect([json.status, json.stderr]).toEqual([
      2,
      "shm-writer: line 4: not a JSON object: expected '{' at character 1; records 0 to 0 (1) were written before it\n",
    ]);
  });

  it.each([
    [['--input-format', 'tsv'], 'shm-writer: --input-format goes with --stdin\n'],
    [['--stdin', '--input-format', 'csv'], 'shm-writer: --input-format must be auto, tsv, json, not "csv"\n'],
  ])('%j is refused before anything is done', (args, message) => {
    const name = uniqueName('fmt');
    const r = run('shm-writer', ['--name', name, ...args], { input: '' });
    expect([r.status, r.stderr]).toEqual([2, message]);
    expect(run('shm-reader', ['--name', name]).status).toBe(3);
  });
});
