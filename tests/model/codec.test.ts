import { decodeField, decodeRecord, encodeRecord, numberReader, setScalar } from '../../src/model/codec';
import { ShmError } from '../../src/model/errors';
import { defineLayout, MY_DATA } from '../../src/model/layout';
import { intRange as fieldRange } from '../helpers';

const INT64 = [-(2n ** 63n), -1n, 0n, 2n ** 53n + 1n, 2n ** 63n - 1n];

describe('MY_DATA', () => {
  it('is the demo struct: three int64 at 0, 8 and 16, 24 bytes', () => {
    expect(MY_DATA.size).toBe(24);
    expect(MY_DATA.fields.map((f) => [f.name, f.type, f.offset, f.size])).toEqual([
      ['Col1', 'int64', 0, 8],
      ['Col2', 'int64', 8, 8],
      ['Col3', 'int64', 16, 8],
    ]);
  });

  it.each(INT64.flatMap((a) => INT64.map((b) => [a, b, -a - 1n])))('round-trips %p, %p, %p exactly', (a, b, c) => {
    const buf = new Uint8Array(48);
    const view = new DataView(buf.buffer);
    encodeRecord(MY_DATA, { Col1: a, Col2: b, Col3: c }, view, 24);
    expect(decodeRecord(MY_DATA, view, 24)).toEqual({ Col1: a, Col2: b, Col3: c });
    expect(buf.subarray(0, 24).every((x) => x === 0)).toBe(true);
  });

  it.each(INT64)('stores %p as the 8 native-order bytes C stores', (value) => {
    const expected = Buffer.alloc(24);
    expected.writeBigInt64LE(value, 8); // every machine we run on is little-endian
    const buf = Buffer.alloc(24);
    encodeRecord(MY_DATA, { Col2: value }, new DataView(buf.buffer, buf.byteOffset, 24), 0);
    expect(buf).toEqual(expected);
  });

  it('stores the demo values at offsets 0, 8 and 16', () => {
    const buf = Buffer.alloc(24);
    encodeRecord(MY_DATA, { Col1: 100n, Col2: 876n, Col3: 8021n }, new DataView(buf.buffer, buf.byteOffset, 24), 0);
    expect(buf.toString('hex')).toBe('6400000000000000' + '6c03000000000000' + '551f000000000000');
  });

  it('leaves the bytes of fields it is not given', () => {
    const buf = Buffer.alloc(24, 0xab);
    encodeRecord(MY_DATA, { Col3: 1n }, new DataView(buf.buffer, buf.byteOffset, 24), 0);
    expect(buf.subarray(0, 16).every((x) => x === 0xab)).toBe(true);
  });

  it.each([
    ['Col1', 2n ** 63n],
    ['Col3', -(2n ** 63n) - 1n],
  ])('refuses %s = %p and writes nothing', (field, value) => {
    const buf = Buffer.alloc(24);
    const encode = () => encodeRecord(MY_DATA, { Col1: 5n, [field]: value }, new DataView(buf.buffer, buf.byteOffset, 24), 0);
    expect(encode).toThrow(ShmError);
    expect(encode).toThrow(`${field} must be an integer from -9223372036854775808 to 9223372036854775807`);
    expect(buf.every((x) => x === 0)).toBe(true);
  });

  it('refuses a field the layout does not have', () => {
    expect(() => encodeRecord(MY_DATA, { Col4: 1n }, new DataView(new ArrayBuffer(24)), 0)).toThrow(
      'unknown field "Col4": MyData has Col1, Col2, Col3',
    );
  });
});

describe('defineLayout', () => {
  it.each([
    [
      [
        ['a', 'int8'],
        ['b', 'int64'],
      ],
      [0, 8],
      16,
    ],
    [
      [
        ['a', 'int64'],
        ['b', 'int8'],
      ],
      [0, 8],
      16,
    ],
    [
      [
        ['a', 'int8'],
        ['b', 'int16'],
        ['c', 'int32'],
      ],
      [0, 2, 4],
      8,
    ],
    [
      [
        ['a', 'uint8'],
        ['b', 'uint8'],
        ['c', 'uint8'],
      ],
      [0, 1, 2],
      3,
    ],
    [
      [
        ['a', 'int16'],
        ['b', 'int8'],
      ],
      [0, 2],
      4,
    ],
  ] as const)('lays out %j like gcc: offsets %j, size %d', (spec, offsets, size) => {
    const layout = defineLayout('T', spec);
    expect(layout.fields.map((f) => f.offset)).toEqual(offsets);
    expect(layout.size).toBe(size);
  });

  it('refuses duplicate names and empty layouts', () => {
    expect(() =>
      defineLayout('T', [
        ['a', 'int8'],
        ['a', 'int8'],
      ]),
    ).toThrow('two fields named a');
    expect(() => defineLayout('T', [])).toThrow('has no fields');
  });

  it.each([
    ['int8', -128n, 127n],
    ['uint8', 0n, 255n],
    ['int32', -2147483648n, 2147483647n],
    ['uint64', 0n, 2n ** 64n - 1n],
  ] as const)('%s holds %p to %p', (type, min, max) => {
    const layout = defineLayout('T', [['v', type]]);
    const view = new DataView(new ArrayBuffer(8));
    for (const v of [min, max]) {
      encodeRecord(layout, { v }, view, 0);
      expect(decodeRecord(layout, view, 0)).toEqual({ v });
    }
  });
});

describe('the fast paths: numberReader and setScalar', () => {
  const TYPES = ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64'] as const;
  const cases = TYPES.flatMap((type) => {
    const { min, max } = fieldRange(type);
    return [min, min + 1n, -1n, 0n, 1n, max - 1n, max, 2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n)]
      .filter((v) => v >= min && v <= max)
      .map((v) => [type, v] as const);
  });

  it.each(cases)('%s %p: a number where a double is exact, else NaN and BigInt', (type, v) => {
    const layout = defineLayout('T', [
      ['pad', 'uint8'],
      ['v', type],
    ]);
    const field = layout.fields[1];
    const view = new DataView(new ArrayBuffer(layout.size * 2));
    const exact = v >= -(2n ** 53n) && v < 2n ** 53n;
    const safe = v > -(2n ** 53n) && v < 2n ** 53n; // what setScalar takes as a number
    expect(setScalar(field, view, layout.size, safe ? Number(v) : v)).toBe(true);
    expect(decodeRecord(layout, view, layout.size).v).toBe(v);
    expect(decodeField(field, view, layout.size)).toBe(v);
    const n = numberReader(type)(view, layout.size + field.offset);
    if (exact) expect(n).toBe(Number(v));
    else expect(n).toBeNaN();
  });

  it.each(TYPES)('%s refuses values just outside its range, storing nothing', (type) => {
    const { min, max } = fieldRange(type);
    const layout = defineLayout('T', [['v', type]]);
    const view = new DataView(new ArrayBuffer(8));
    for (const v of [min - 1n, max + 1n]) {
      const asNumber = v >= -(2n ** 53n) && v < 2n ** 53n ? Number(v) : v;
      expect(setScalar(layout.fields[0], view, 0, asNumber)).toBe(false);
    }
    expect(new Uint8Array(view.buffer).every((b) => b === 0)).toBe(true);
  });
});

describe('records keyed by any field name', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('stores and reads a field named %s', (name) => {
    const layout = defineLayout('T', [
      [name, 'int64'],
      ['b', 'int64'],
    ]);
    const view = new DataView(new ArrayBuffer(16));
    const values = Object.fromEntries([
      [name, 5n],
      ['b', 2n],
    ]);
    encodeRecord(layout, values, view, 0);
    const back = decodeRecord(layout, view, 0);
    expect(Object.getPrototypeOf(back)).toBeNull();
    expect(Object.entries(back)).toEqual([
      [name, 5n],
      ['b', 2n],
    ]);
  });
});
