import { existsSync, statSync } from 'node:fs';
import { layout, SharedRecords, ShmError, type RecordOf } from '../../src/index';
import { cleanUp, run, shmPath, uniqueName } from '../helpers';

afterEach(cleanUp);

const Tick = layout({ id: 'uint32', price: 'float64', symbol: 'char[8]', last: 'int16[3]', live: 'bool' }, { name: 'Tick' });

// The record type is inferred from the layout: these lines only compile if it is right.
const sample: RecordOf<{ id: 'uint32'; price: 'float64'; symbol: 'char[8]'; last: 'int16[3]'; live: 'bool' }> = {
  id: 1n,
  price: 2.5,
  symbol: 'A',
  last: [1n, 2n, 3n],
  live: true,
};

describe('SharedRecords', () => {
  it('lays the record out as C would, and writes, reads and iterates typed records', () => {
    expect([Tick.size, Tick.fields.map((f) => f.offset)]).toEqual([32, [0, 8, 16, 24, 30]]);
    const name = uniqueName('api');
    const ticks = SharedRecords.open(name, Tick, { size: '1K', mode: 0o640 });
    try {
      expect(statSync(shmPath(name)).size).toBe(1024);
      expect(statSync(shmPath(name)).mode & 0o777).toBe(0o640);
      expect(ticks.write(2, sample)).toEqual(sample);
      const back: typeof sample = ticks.read(2);
      expect(back).toEqual(sample);
      ticks.write(2, { price: -0.5 }); // the other fields keep their bytes
      expect(ticks.read(2)).toEqual({ ...sample, price: -0.5 });
      expect(ticks.length).toBe(32);
      expect([...ticks.records(1)].slice(0, 2).map((r) => r.id)).toEqual([0n, 1n]);
      ticks.write(40, { id: 9n }); // grows the segment to hold it
      expect(ticks.length).toBe(41);
    } finally {
      ticks.close();
    }
    const r = run('shm-reader', [
      '--name',
      name,
      '--layout',
      'id:uint32,price:float64,symbol:char[8],last:int16[3],live:bool',
      '--index',
      '2',
      '--json',
    ]);
    expect(r.stdout).toBe('{"id":1,"price":-0.5,"symbol":"A","last":[1,2,3],"live":true}\n');
  });

  it('refuses bad values before writing anything, naming the field', () => {
    const name = uniqueName('api');
    const ticks = SharedRecords.open(name, Tick);
    try {
      expect(() => ticks.write(0, { symbol: 'TOO LONG NAME' })).toThrow(
        'symbol must be a string of at most 8 bytes of UTF-8 with no NUL (char[8])',
      );
      expect(() => ticks.write(0, { id: -1n })).toThrow('id must be an integer from 0 to 4294967295 (uint32)');
      expect(() => ticks.write(0, { last: [1n] })).toThrow('last must be 3 values (int16[3])');
      expect(ticks.length).toBe(0);
    } finally {
      ticks.close();
    }
  });

  it.each([
    ['a missing segment, read-only', () => SharedRecords.open(uniqueName('none'), Tick, { readOnly: true }), 'ENOENT'],
    ['a bad name', () => SharedRecords.open('a/b', Tick), 'EUSAGE'],
    ['a bad size', () => SharedRecords.open(uniqueName('none'), Tick, { size: '4Q' }), 'EUSAGE'],
  ])("reports %s with the tools' error codes", (_what, open, code) => {
    expect(open).toThrow(ShmError);
    try {
      open();
    } catch (err) {
      expect((err as ShmError).code).toBe(code);
    }
  });

  it('reads past the end as an error, and opens read-only without write access', () => {
    const name = uniqueName('api');
    SharedRecords.open(name, Tick, { size: 64 }).close();
    const ro = SharedRecords.open(name, Tick, { readOnly: true });
    try {
      expect(ro.read(1).id).toBe(0n);
      expect(() => ro.read(2)).toThrow('record 2 is past the end');
      expect(() => ro.write(0, { id: 1n })).toThrow('is open read-only');
    } finally {
      ro.close();
    }
    SharedRecords.unlink(name);
    expect(existsSync(shmPath(name))).toBe(false);
  });
});
