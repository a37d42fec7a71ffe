import { existsSync, statSync } from 'node:fs';
import { layout, MY_DATA, SharedRecords, ShmError, writeRecord, type RecordOf, type WriteOptions } from '../../src/index';
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

describe('SharedRecords takes what a JavaScript caller has', () => {
  const Wide = layout({ s: 'int64', u: 'uint64', small: 'int8' }, { name: 'Wide' });

  it.each<[string, number | bigint, bigint]>([
    ['2 ** 60 as a number, past 2^53 but exact', 2 ** 60, 1n << 60n],
    ['-(2 ** 63) as a number, the least int64', -(2 ** 63), -(1n << 63n)],
    ['a safe integer', 12345, 12345n],
    ['a BigInt', (1n << 63n) - 1n, (1n << 63n) - 1n],
  ])('an int64 from %s', (_, value, stored) => {
    const name = uniqueName('api');
    const records = SharedRecords.open(name, Wide);
    try {
      expect(records.write(0, { s: value }).s).toBe(stored);
    } finally {
      records.close();
    }
  });

  it.each<[string, Record<string, number | bigint>, RegExp]>([
    ['1.5', { s: 1.5 }, /^s must be an integer from -9223372036854775808 to 9223372036854775807 \(int64\)/],
    ['2 ** 63 as a number, one past int64', { s: 2 ** 63 }, /^s must be an integer/],
    ['2 ** 64 as a number, one past uint64', { u: 2 ** 64 }, /^u must be an integer from 0 to 18446744073709551615/],
    ['128 in an int8', { small: 128 }, /^small must be an integer from -128 to 127/],
    ['NaN', { u: NaN }, /^u must be an integer/],
  ])('refuses %s, writing nothing', (_, values, message) => {
    const name = uniqueName('api');
    const records = SharedRecords.open(name, Wide);
    try {
      expect(() => records.write(0, values)).toThrow(message);
      expect(records.length).toBe(0);
    } finally {
      records.close();
    }
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      "mode: '644'",
      () => SharedRecords.open(uniqueName('api'), Wide, { mode: '644' as unknown as number }),
      /^mode is a number of permission bits from 0 to 0o7777 \(e\.g\. 0o644\), not the string "644"$/,
    ],
    ['mode: 0o10000', () => SharedRecords.open(uniqueName('api'), Wide, { mode: 0o10000 }), /^mode is a number .*, not the number 4096$/],
    [
      "create: 'maybe'",
      () => SharedRecords.open(uniqueName('api'), Wide, { create: 'maybe' as 'never' }),
      /^create is one of 'never', 'if-missing', 'exclusive', 'recreate', not the string "maybe"$/,
    ],
    ['a name that is a number', () => SharedRecords.open(42 as unknown as string, Wide), /^a segment name is a string, not the number 42$/],
    [
      'a layout given as its spec',
      () => SharedRecords.open(uniqueName('api'), 'a:int8' as unknown as typeof Wide),
      /^the second argument is a layout \(from layout\(\) or parseLayout\(\)\) or the options, not the string "a:int8"$/,
    ],
    [
      "readOnly: 'no'",
      () => SharedRecords.open(uniqueName('api'), { readOnly: 'no' as unknown as boolean }),
      /^readOnly is true or false, not the string "no"$/,
    ],
    [
      "relayout: 'yes'",
      () => SharedRecords.open(uniqueName('api'), Wide, { relayout: 'yes' as unknown as boolean }),
      /^relayout is true or false/,
    ],
    [
      'an option there is not',
      () => SharedRecords.open(uniqueName('api'), Wide, { bogus: 1 } as object),
      /^there is no option "bogus": the options are create, readOnly, mode, size, relayout$/,
    ],
    [
      "readOnly with create: 'recreate'",
      () => SharedRecords.open(uniqueName('api'), Wide, { readOnly: true, create: 'recreate' }),
      /^readOnly opens a segment that exists, as it is: it takes no create, mode, size or relayout$/,
    ],
  ])('says what %s should be, as a usage error, before any system call', (_, open, message) => {
    let err: unknown;
    try {
      open();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShmError);
    expect((err as ShmError).code).toBe('EUSAGE');
    expect((err as ShmError).message).toMatch(message);
  });

  it.each<[string, Partial<WriteOptions>, RegExp]>([
    ["size: '4G'", { size: '4G' as unknown as number }, /^size is a whole number of bytes, not the string "4G"$/],
    ['size: NaN', { size: NaN }, /^size is a whole number of bytes, not the number NaN$/],
    ['size: 100.5', { size: 100.5 }, /^size is a whole number of bytes/],
    ["index: '3'", { index: '3' as unknown as number }, /^index is a record number, 0 or more, not the string "3"$/],
    ['values: null', { values: null as unknown as object }, /^values are an object of fields, not null$/],
  ])('writeRecord refuses %s before any system call, leaving the segment as it was', (_, bad, message) => {
    const name = uniqueName('api');
    writeRecord({ name: `/${name}`, layout: MY_DATA, index: 0, values: { Col1: 5n }, create: 'if-missing', size: 4096 });
    expect(() => writeRecord({ name: `/${name}`, layout: MY_DATA, index: 0, values: {}, create: 'if-missing', ...bad })).toThrow(message);
    expect(statSync(shmPath(name)).size).toBe(4096);
  });
});
