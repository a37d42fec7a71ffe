import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { foreign, stored } from '../attribute';
import { bin, cleanUp, run, shmPath, snapshot, uniqueName } from '../helpers';

// The layout travels with the segment, in the extended attribute user.shm_tools.layout of its
// file. The oracle is Python's os.getxattr/os.setxattr, as a peer would read and write it.
afterEach(cleanUp);

const asRoot = process.getuid?.() === 0 ? it : it.skip;

const TICK = 'id:int32,price:float64,name:char[8]';

describe('a layout stored with the segment', () => {
  it('is written with --layout, and read back bare in every format', () => {
    const name = uniqueName('attr');
    expect(run('shm-writer', [name, '--layout', TICK, '--set', 'id=7', '--set', 'price=2.5', '--set', 'name=abc', '-q']).status).toBe(0);
    expect(stored(name)).toBe(TICK);
    expect(run('shm-reader', [name]).stdout).toBe(`/${name}[0]  id=7  price=2.5  name="abc"\n`);
    expect(run('shm-reader', [name, '--json']).stdout).toBe('{"id":7,"price":2.5,"name":"abc"}\n');
    expect(run('shm-reader', [name, '--tsv']).stdout).toBe('7\t2.5\tabc\n');
    expect(run('shm-reader', [name, '--field', 'price']).stdout).toBe('2.5\n');
    expect(run('shm-reader', [name, '--all', '--tsv']).stdout).toBe('7\t2.5\tabc\n');
    // Given explicitly, --layout wins for reading.
    expect(run('shm-reader', [name, '--layout', 'a:int32', '--tsv']).stdout).toBe('7\n');
  });

  it('is shown by --info, field by field, with where it came from', () => {
    const name = uniqueName('attr');
    expect(run('shm-writer', [name, '--layout', 'a:int8,b:int32', '--packed', '--no-record', '--size', '10', '-q']).status).toBe(0);
    expect(stored(name)).toBe('a:int8,b:int32;packed');
    const info = JSON.parse(run('shm-reader', [name, '--info', '--json']).stdout);
    expect(info.records).toBe(2);
    expect(info.layout).toEqual({
      source: 'stored',
      spec: 'a:int8,b:int32',
      packed: true,
      size: 5,
      fields: [
        { name: 'a', type: 'int8', offset: 0, size: 1 },
        { name: 'b', type: 'int32', offset: 1, size: 4 },
      ],
      stored: 'a:int8,b:int32;packed',
      name: null,
      unreadable: null,
      denied: false,
      attributes: true,
    });
    const human = run('shm-reader', [name, '--info']).stdout.split('\n');
    expect(human).toContain('  layout    stored with it: 5-byte records, packed');
    expect(human).toContain('    a  int8   offset 0  size 1');
    expect(human).toContain('    b  int32  offset 1  size 4');
    expect(human).toContain('  records   2 whole 5-byte records');
  });

  it('is the default layout for a segment the writer creates without --layout', () => {
    const name = uniqueName('attr');
    expect(run('shm-writer', [name, '-q']).status).toBe(0);
    expect(stored(name)).toBe('Col1:int64,Col2:int64,Col3:int64');
    expect(run('shm-writer', [name, '--col2', '5', '-q']).status).toBe(0);
    expect(run('shm-reader', [name, '--tsv']).stdout).toBe('100\t5\t8021\n');
  });

  it('is used by the writer when no --layout is given: --set by its fields, and --stdin', () => {
    const name = uniqueName('attr');
    expect(run('shm-writer', [name, '--layout', TICK, '--no-record', '-q']).status).toBe(0);
    expect(run('shm-writer', [name, '--index', '1', '--set', 'price=-1.25', '-q']).status).toBe(0);
    expect(run('shm-writer', [name, '--index', '2', '--stdin', '-q'], { input: '9\t0.5\txyz\n' }).status).toBe(0);
    expect(run('shm-reader', [name, '--all', '--tsv']).stdout).toBe('0\t0\t\n0\t-1.25\t\n9\t0.5\txyz\n');
    const col = run('shm-writer', [name, '--col1', '5']);
    expect(col.status).toBe(2);
    expect(col.stderr).toContain(`--col1, --col2 and --col3 are for the default layout, MyData; for ${TICK}, use --set NAME=VALUE`);
  });

  it('refuses a writer given another layout, with exit 2 and both, and changes nothing; --relayout stores the new one', () => {
    const name = uniqueName('attr');
    expect(run('shm-writer', [name, '--layout', TICK, '--set', 'id=1', '-q']).status).toBe(0);
    const before = snapshot(name);
    const other = run('shm-writer', [name, '--layout', 'a:int64', '--set', 'a=2']);
    expect(other.status).toBe(2);
    expect(other.stderr).toBe(
      `shm-writer: /${name} is described as ${TICK}, not a:int64; leave out --layout to use the stored one, or add --relayout to store this one instead\n`,
    );
    // The same layout given again is no conflict; the default one given explicitly is.
    expect(run('shm-writer', [name, '--layout', TICK, '--set', 'id=3', '-q']).status).toBe(0);
    expect(run('shm-writer', [name, '--layout', 'Col1:int64,Col2:int64,Col3:int64', '--set', 'Col1=1']).status).toBe(2);
    expect(snapshot(name)?.size).toBe(before?.size);
    expect(run('shm-writer', [name, '--layout', 'a:int64', '--relayout', '--no-record', '-q']).status).toBe(0);
    expect(stored(name)).toBe('a:int64');
    expect(run('shm-writer', [name, '--relayout']).stderr).toContain('--relayout goes with --layout');
  });

  it('is listed by --list in its LAYOUT column and JSON, - where none is stored', () => {
    const [mine, other] = [uniqueName('attr'), uniqueName('attr')];
    expect(run('shm-writer', [mine, '--layout', TICK, '--no-record', '-q']).status).toBe(0);
    foreign(other, 8);
    for (const [name, text] of [
      [mine, TICK],
      [other, '-'],
    ]) {
      expect(run('shm-reader', ['--list', name, '--output', 'NAME,LAYOUT', '--noheadings', '--raw']).stdout).toBe(`/${name}\t${text}\n`);
    }
    const listed = JSON.parse(run('shm-reader', ['--list', mine, '--json']).stdout).segments[0];
    expect(listed.layout).toEqual({ stored: TICK });
  });

  it.each(['--tsv', '--json'])('travels with a copy made through %s --with-layout, which plain output leaves out', (format) => {
    const [from, to] = [uniqueName('attr'), uniqueName('attr')];
    const lines = '1\t2.5\tab\n2\t-1\tcd\n';
    expect(run('shm-writer', [from, '--layout', TICK, '--packed', '--stdin', '-q'], { input: lines }).status).toBe(0);
    expect(run('shm-reader', [from, '--all', '--tsv']).stdout).toBe(lines);
    const dump = run('shm-reader', [from, '--all', format, '--with-layout']).stdout;
    expect(dump.split('\n')[0]).toBe(format === '--tsv' ? `#layout ${TICK};packed` : `{"#layout":"${TICK};packed"}`);
    expect(run('shm-writer', [to, '--stdin', '--with-layout', '-q'], { input: dump }).status).toBe(0);
    expect(stored(to)).toBe(`${TICK};packed`);
    expect(readFileSync(shmPath(to)).equals(readFileSync(shmPath(from)))).toBe(true);
    // A bad record is counted from the input's first line, the layout line included.
    const bad = run('shm-writer', [uniqueName('attr'), '--stdin', '--with-layout'], { input: `#layout ${TICK}\n1\t2\tx\nnope\n` });
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringMatching(/^shm-writer: line 3: /)]);
  });

  it.each<[string, string[], string, string]>([
    ['without --stdin', ['--with-layout'], '', 'shm-writer: --with-layout goes with --stdin: it reads the layout from the first line\n'],
    ['with input that has no layout line', ['--stdin', '--with-layout'], '1\t2\t3\n', 'not a layout line'],
    ['with an empty input', ['--stdin', '--with-layout'], '', 'the input is empty, with no layout line'],
    [
      'with a --layout the line does not say',
      ['--stdin', '--with-layout', '--layout', 'a:int8'],
      `#layout ${TICK}\n`,
      `--layout a:int8 and the layout line, ${TICK}, differ`,
    ],
  ])('shm-writer --with-layout is refused %s, and writes nothing', (_, args, input, message) => {
    const name = uniqueName('attr');
    const r = run('shm-writer', [name, ...args], { input });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(snapshot(name)).toBeNull();
  });

  it('is replaced by --recreate with another --layout; --exclusive on an existing segment is EEXIST, not a layout error', () => {
    const name = uniqueName('attr');
    expect(run('shm-writer', [name, '--layout', TICK, '--no-record', '-q']).status).toBe(0);
    expect(run('shm-writer', [name, '--recreate', '--layout', 'b:int64', '--set', 'b=5', '-q']).status).toBe(0);
    expect(stored(name)).toBe('b:int64');
    const exclusive = run('shm-writer', [name, '--exclusive', '--layout', TICK]);
    expect([exclusive.status, exclusive.stderr]).toEqual([1, expect.stringContaining('(EEXIST)')]);
  });

  it('a failed read prints no layout line', () => {
    const missing = run('shm-reader', [uniqueName('attr'), '--tsv', '--with-layout']);
    expect([missing.status, missing.stdout]).toEqual([3, '']);
    const name = uniqueName('attr');
    expect(run('shm-writer', [name, '-q']).status).toBe(0);
    const past = run('shm-reader', [name, '--index', '99', '--tsv', '--with-layout']);
    expect([past.status, past.stdout]).toEqual([1, '']);
  });

  it('survives --recreate', () => {
    const name = uniqueName('attr');
    expect(run('shm-writer', [name, '--layout', TICK, '--set', 'id=1', '-q']).status).toBe(0);
    expect(run('shm-writer', [name, '--recreate', '--set', 'id=2', '-q']).status).toBe(0);
    expect(stored(name)).toBe(TICK);
    expect(run('shm-reader', [name, '--tsv']).stdout).toBe('2\t0\t\n');
  });
});

describe('a segment without a stored layout', () => {
  it('made by another program reads as MyData, and --info says none is stored; a --layout given is stored', () => {
    const name = uniqueName('attr');
    foreign(name, 48);
    expect(run('shm-reader', [name, '--tsv']).stdout).toBe('0\t0\t0\n');
    expect(run('shm-reader', [name, '--info']).stdout).toContain(
      '  layout    the default (none stored with it): MyData, 24-byte records\n',
    );
    expect(JSON.parse(run('shm-reader', [name, '--info', '--json']).stdout).layout).toMatchObject({
      source: 'default',
      stored: null,
      attributes: true,
    });
    // Writing into it with the default layout does not describe it; giving a layout does.
    expect(run('shm-writer', [name, '--col1', '1', '-q']).status).toBe(0);
    expect(stored(name)).toBeNull();
    expect(run('shm-writer', [name, '--layout', 'x:uint16', '--no-record', '-q']).status).toBe(0);
    expect(stored(name)).toBe('x:uint16');
  });

  it('whose attribute is not a layout is an error naming it, with exit 2; --layout still reads it', () => {
    const name = uniqueName('attr');
    foreign(name, 24, 'nonsense\x1b[2J');
    const r = run('shm-reader', [name]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^shm-reader: the layout stored with /${name} is not a layout: "nonsense\\\\u001b\\[2J"`));
    expect(run('shm-reader', [name, '--layout', 'a:int8', '--tsv']).stdout).toBe('0\n');
  });

  asRoot('where /dev/shm keeps no user attributes (ramfs), everything works as before and --info says so', () => {
    const name = uniqueName('attr');
    const [w, r] = [bin('shm-writer'), bin('shm-reader')].map((b) => `${JSON.stringify(process.execPath)} ${JSON.stringify(b)}`);
    const script = `mount -t ramfs none /dev/shm || exit 99
      ${w} ${name} --layout ${TICK} --set id=4 -q || exit 1
      ${r} ${name} --layout ${TICK} --tsv
      ${r} ${name} --info --json`;
    const out = spawnSync('unshare', ['-m', 'bash', '-c', script], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    expect([out.status, out.stderr]).toEqual([0, '']);
    const [tsv, json] = out.stdout.trim().split('\n');
    expect(tsv).toBe('4\t0\t');
    expect(JSON.parse(json).layout).toMatchObject({ source: 'default', stored: null, attributes: false });
  });
});
