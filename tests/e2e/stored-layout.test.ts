import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foreign, stored } from '../attribute';
import { bin, cleanUp, run, uniqueName } from '../helpers';

// The layout stored with a segment, off the happy path: the struct's name, runs that fail half-way,
// layouts too large to store, attributes that hold no layout, and listings of many layouts.
afterEach(cleanUp);

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'shm-stored-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TICK = 'id:int32,price:float64';
const asRoot = process.getuid?.() === 0 ? it : it.skip;

describe("the struct's name travels with the layout", () => {
  it('is stored as ;name=, shown by --info, declared by --emit, and carried by a --with-layout copy', () => {
    const [name, copy] = [uniqueName('named'), uniqueName('named')];
    const header = join(dir, 'tick.h');
    writeFileSync(header, 'struct Tick { int32_t id; double price; };\n');
    expect(run('shm-writer', [name, '--layout', `@${header}`, '--set', 'id=7', '-q']).status).toBe(0);
    expect(stored(name)).toBe(`${TICK};name=Tick`);
    expect(run('shm-reader', [name, '--info']).stdout).toContain('  layout    stored with it: Tick, 16-byte records\n');
    expect(JSON.parse(run('shm-reader', [name, '--info', '--json']).stdout).layout).toMatchObject({ name: 'Tick', spec: TICK });
    expect(run('shm-reader', [name, '--emit', 'c']).stdout).toContain('struct Tick {\n');
    const dump = run('shm-reader', [name, '--all', '--tsv', '--with-layout']).stdout;
    expect(dump).toBe(`#layout ${TICK};name=Tick\n7\t0\n`);
    expect(run('shm-writer', [copy, '--stdin', '--with-layout', '-q'], { input: dump }).status).toBe(0);
    expect(stored(copy)).toBe(`${TICK};name=Tick`);
  });

  it('is no part of whether two layouts agree: the same fields unnamed write, and --relayout renames', () => {
    const name = uniqueName('named');
    writeFileSync(join(dir, 'pair.json'), JSON.stringify({ name: 'Pair', fields: [{ name: 'a', type: 'int8' }] }));
    expect(run('shm-writer', [name, '--layout', `@${join(dir, 'pair.json')}`, '--no-record', '-q']).status).toBe(0);
    expect(run('shm-writer', [name, '--layout', 'a:int8', '--set', 'a=1', '-q']).status).toBe(0);
    expect(stored(name)).toBe('a:int8;name=Pair');
    expect(run('shm-writer', [name, '--layout', 'a:int8', '--relayout', '--no-record', '-q']).status).toBe(0);
    expect(stored(name)).toBe('a:int8');
  });

  it.each([
    ['a:int8;name=9lives', 'layout name "9lives" is not a C identifier'],
    ['a:int8;name=A;name=B', ''],
    ['a:int8;packed;packed', ''],
    ['a:int8;colour=red', ''],
  ])('a stored %s that is not a layout is refused, exit 2', (text, why) => {
    const name = uniqueName('named');
    foreign(name, 8, text);
    const r = run('shm-reader', [name]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`the layout stored with /${name} is not a layout: ${JSON.stringify(text)}`);
    expect(r.stderr).toContain(why);
  });
});

describe('a run that fails, or a layout that cannot be stored', () => {
  it('a --stdin run that creates a segment and then meets a bad line leaves it described, with the lines before', () => {
    const name = uniqueName('half');
    const r = run('shm-writer', [name, '--layout', 'v:int16', '--stdin'], { input: '1\n2\nx\n3\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('line 3');
    expect(stored(name)).toBe('v:int16');
    expect(run('shm-reader', [name, '--all', '--tsv']).stdout).toBe('1\n2\n');
  });

  it.each([
    ['--relayout of a segment described otherwise', ['--layout', 'a:int64', '--set', 'a=5'], ['--relayout']],
    ['a --layout given to a segment that stores none', null, []],
  ])('%s, by a --stdin run that meets a bad line, leaves the lines before described with it', (_, first, extra) => {
    const name = uniqueName('half');
    if (first === null) foreign(name, 16);
    else expect(run('shm-writer', [name, ...first, '-q']).status).toBe(0);
    const r = run('shm-writer', [name, '--layout', 'b:int8', ...extra, '--stdin', '--input-format', 'tsv'], { input: '7\nx\n' });
    expect(r.status).toBe(2);
    expect(stored(name)).toBe('b:int8');
    expect(run('shm-reader', [name, '--field', 'b']).stdout).toBe('7\n');
  });

  it('a layout too large for an attribute (over 64 KiB of text) is written and said on stderr, but not under --quiet', () => {
    const [loud, quiet] = [uniqueName('big'), uniqueName('big')];
    const fields = Array.from({ length: 40 }, (_, i) => ({ name: `f${i}_${'x'.repeat(2000)}`, type: 'int8' }));
    const file = join(dir, 'big.json');
    writeFileSync(file, JSON.stringify({ fields }));
    const bytes = fields.map((f) => `${f.name}:${f.type}`).join(',').length;
    const r = run('shm-writer', [loud, '--layout', `@${file}`, '--no-record']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      `shm-writer: /${loud} was written, but its layout (${bytes} bytes of text) is too large to store with it: readers need --layout\n`,
    );
    expect(stored(loud)).toBeNull();
    expect(run('shm-reader', [loud, '--info']).stdout).toContain('the default (none stored with it)');
    expect(run('shm-writer', [quiet, '--layout', `@${file}`, '--stdin', '-q'], { input: '' })).toMatchObject({ status: 0, stderr: '' });
  });

  it("a layout line that the stored layout refuses says to --relayout the line's, exit 2, and changes nothing", () => {
    const name = uniqueName('line');
    expect(run('shm-writer', [name, '--layout', TICK, '--no-record', '-q']).status).toBe(0);
    const r = run('shm-writer', [name, '--stdin', '--with-layout'], { input: '#layout a:int64\n1\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `shm-writer: /${name} is described as ${TICK}, not a:int64; add --relayout to store the layout line's instead, or write into a new segment\n`,
    );
    expect(stored(name)).toBe(TICK);
    expect(run('shm-writer', [name, '--stdin', '--with-layout', '--relayout', '-q'], { input: '#layout a:int64\n1\n' }).status).toBe(0);
    expect(stored(name)).toBe('a:int64');
  });
});

describe('an attribute that holds no layout', () => {
  it('does not stand in the way of --exclusive, which fails as for any segment there: EEXIST, exit 1', () => {
    const name = uniqueName('junk');
    foreign(name, 24, 'junk');
    const r = run('shm-writer', [name, '--exclusive']);
    expect([r.status, r.stderr]).toEqual([1, expect.stringContaining('EEXIST')]);
  });

  it('shows what it holds, escaped, where the reader refuses it', () => {
    const name = uniqueName('junk');
    foreign(name, 24, 'nonsense\x1b[2J');
    const r = run('shm-reader', [name, '--info']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  layout    the default (what it stores is not a layout: "nonsense\\u001b[2J"): MyData, 24-byte records\n');
    expect(JSON.parse(run('shm-reader', [name, '--info', '--json']).stdout).layout).toMatchObject({
      source: 'default',
      stored: null,
      unreadable: 'nonsense\x1b[2J',
    });
  });
});

describe('another user', () => {
  asRoot('who may not read what a segment stores is told so by --info, not that none is stored', () => {
    const name = uniqueName('denied');
    expect(run('shm-writer', [name, '--layout', TICK, '--no-record', '--mode', '600', '-q']).status).toBe(0);
    const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin('shm-reader'), name, '--info'];
    const human = spawnSync('setpriv', nobody, { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    expect(human.stdout).toContain('  layout    the default (what it stores may not be read by you): MyData, 24-byte records\n');
    const json = spawnSync('setpriv', [...nobody, '--json'], { encoding: 'utf8' });
    expect(JSON.parse(json.stdout).layout).toMatchObject({ source: 'default', stored: null, denied: true });
  });
});

describe("--recreate of another user's segment", () => {
  asRoot('does not take on the layout it stores: the new segment is MyData unless --layout says otherwise', () => {
    const name = uniqueName('squat');
    const squat = ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin('shm-writer'), name];
    const made = spawnSync('setpriv', [...squat, '--layout', 'Col1:int8,x:char[23]', '--mode', '666', '--no-record', '-q']);
    expect(made.status).toBe(0);
    expect(run('shm-writer', [name, '--recreate', '-q']).status).toBe(0);
    expect(stored(name)).toBe('Col1:int64,Col2:int64,Col3:int64');
    expect(run('shm-reader', [name, '--tsv']).stdout).toBe('100\t876\t8021\n');
  });
});

describe('--list', () => {
  it("counts each segment's records in the layout it stores; --layout counts them all in one", () => {
    const [mine, small, other, junk] = ['a', 'b', 'c', 'd'].map(() => uniqueName(`own${process.pid}`));
    expect(run('shm-writer', [mine, '--no-record', '--size', '48', '-q']).status).toBe(0);
    expect(run('shm-writer', [small, '--layout', 'a:int8,b:int16', '--no-record', '--size', '48', '-q']).status).toBe(0);
    foreign(other, 48);
    foreign(junk, 48, 'junk');
    const list = (...extra: string[]) =>
      run('shm-reader', ['--list', `jest-shm-own${process.pid}-*`, '--output', 'NAME,RECORDS,LAYOUT', '--raw', '--noheadings', ...extra])
        .stdout;
    const texts = ['Col1:int64,Col2:int64,Col3:int64', 'a:int8,b:int16', '-', 'junk'];
    const rows = (records: number[]) => [mine, small, other, junk].map((n, k) => `/${n}\t${records[k]}\t${texts[k]}\n`).join('');
    // The one that stores junk is counted as MyData, as --info counts it.
    expect(list()).toBe(rows([2, 12, 2, 2]));
    expect(list('--layout', 'x:int64')).toBe(rows([6, 6, 6, 6]));
    const json = JSON.parse(run('shm-reader', ['--list', small, '--json']).stdout).segments[0];
    expect(json).toMatchObject({ records: 12, recordSize: 4, layout: { stored: 'a:int8,b:int16' } });
  });
});
