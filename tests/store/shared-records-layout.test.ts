import { layout, MY_DATA, sameLayout, SharedRecords, ShmError } from '../../src/index';
import { foreign, stored } from '../attribute';
import { cleanUp, run, uniqueName } from '../helpers';

// The library describes the segments it writes as the tools do: the oracle for what is stored is
// Python's os.getxattr, and the bare shm-reader reads what the library wrote.
afterEach(cleanUp);

const Tick = layout({ id: 'uint32', price: 'float64' }, { name: 'Tick' });
const Other = layout({ a: 'int64' });
const TICK_TEXT = 'id:uint32,price:float64;name=Tick';

/** Opens, runs `use`, and closes, whatever happens. */
function withOpen<T>(records: SharedRecords, use: (r: SharedRecords) => T): T {
  try {
    return use(records);
  } finally {
    records.close();
  }
}

describe('SharedRecords and the layout stored with a segment', () => {
  it('stores the layout with a segment it creates; open without a layout uses it, and shm-reader reads it bare', () => {
    const name = uniqueName('api-layout');
    withOpen(SharedRecords.open(name, Tick), (ticks) => {
      expect(ticks.source).toBe('given');
      ticks.write(0, { id: 7n, price: 1.5 });
    });
    expect(stored(name)).toBe(TICK_TEXT);
    const again = SharedRecords.open(name, { readOnly: true });
    withOpen(again, (r) => {
      expect([r.source, r.layout.name, sameLayout(r.layout, Tick)]).toEqual(['stored', 'Tick', true]);
      expect(r.read(0)).toEqual({ id: 7n, price: 1.5 });
    });
    expect(run('shm-reader', [name, '--tsv']).stdout).toBe('7\t1.5\n');
  });

  it('refuses to write with another layout, changing nothing; reads with it, and relayout or recreate describe it anew', () => {
    const name = uniqueName('api-layout');
    SharedRecords.open(name, Tick, { size: 16 }).close();
    let caught: unknown;
    try {
      SharedRecords.open(name, Other);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ShmError);
    expect((caught as ShmError).details).toMatchObject({ reason: 'other-layout', segment: `/${name}` });
    expect((caught as ShmError).message).toBe(`/${name} is described as id:uint32,price:float64, not a:int64`);
    expect(stored(name)).toBe(TICK_TEXT);
    // A reader's layout wins, as shm-reader's --layout does.
    withOpen(SharedRecords.open(name, Other, { readOnly: true }), (r) => expect([r.source, r.length]).toEqual(['given', 2]));
    SharedRecords.open(name, Other, { relayout: true }).close();
    expect(stored(name)).toBe('a:int64');
    SharedRecords.open(name, Tick, { create: 'recreate' }).close();
    expect(stored(name)).toBe(TICK_TEXT);
  });

  it("describes another program's segment when opened to write with a layout; without one it is MyData", () => {
    const name = uniqueName('api-layout');
    foreign(name, 48);
    withOpen(SharedRecords.open(name, { readOnly: true }), (r) => expect([r.source, r.layout]).toEqual(['default', MY_DATA]));
    expect(stored(name)).toBeNull();
    SharedRecords.open(name, Other).close();
    expect(stored(name)).toBe('a:int64');
  });

  it('refuses an attribute that holds no layout unless a layout is given', () => {
    const name = uniqueName('api-layout');
    foreign(name, 8, 'junk');
    expect(() => SharedRecords.open(name)).toThrow(`the layout stored with /${name} is not a layout: "junk"`);
    withOpen(SharedRecords.open(name, Other, { readOnly: true }), (r) => expect(r.read(0)).toEqual({ a: 0n }));
  });
});
