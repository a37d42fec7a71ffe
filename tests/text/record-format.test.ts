import { decodeRecord } from '../../src/model/codec';
import { MY_DATA } from '../../src/model/layout';
import { parseLayout } from '../../src/model/layout-spec';
import { RawJson, toJson } from '../../src/text/json';
import { formatRecords, recordJson } from '../../src/text/record-format';
import { parseTsvBytes } from '../../src/text/record-bytes';
import { parseRecordLine } from '../../src/text/record-parse';

const EXTREMES = [
  -(2n ** 63n),
  -(2n ** 53n) - 1n,
  -(2n ** 53n),
  -(2n ** 31n) - 1n,
  -1n,
  0n,
  9n,
  10n,
  99n,
  100n,
  2n ** 31n - 1n,
  2n ** 31n,
  10n ** 8n,
  10n ** 15n,
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  2n ** 63n - 1n,
];

function records(values: bigint[][]): DataView {
  const view = new DataView(new ArrayBuffer(values.length * 24));
  values.forEach(([a, b, c], i) => {
    view.setBigInt64(i * 24, a, true);
    view.setBigInt64(i * 24 + 8, b, true);
    view.setBigInt64(i * 24 + 16, c, true);
  });
  return view;
}
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();

describe('formatRecords', () => {
  it.each(EXTREMES)('prints %p with every digit, in each format', (x) => {
    const view = records([[x, -1n, x]]);
    expect(text(formatRecords(MY_DATA, view, 1, 'tsv'))).toBe(`${x}\t-1\t${x}\n`);
    expect(text(formatRecords(MY_DATA, view, 1, 'json'))).toBe(`{"Col1":${x},"Col2":-1,"Col3":${x}}\n`);
    expect(text(formatRecords(MY_DATA, view, 1, { only: MY_DATA.fields[2] }))).toBe(`${x}\n`);
  });

  it('prints many records, one per line', () => {
    const view = records(EXTREMES.map((x, i) => [x, BigInt(i), -x - 1n]));
    const lines = text(formatRecords(MY_DATA, view, EXTREMES.length, 'tsv')).split('\n');
    expect(lines).toHaveLength(EXTREMES.length + 1);
    expect(lines.slice(0, -1)).toEqual(EXTREMES.map((x, i) => `${x}\t${i}\t${-x - 1n}`));
  });
});

describe('reading lines', () => {
  const read = (line: string) => {
    const view = new DataView(new ArrayBuffer(24));
    const outcome = parseRecordLine(MY_DATA, line, view, 0);
    return outcome === null ? [0, 8, 16].map((o) => view.getBigInt64(o, true)) : outcome === 'skip' ? outcome : outcome.problem;
  };

  it.each(EXTREMES)('reads %p back from both formats, and from bytes', (x) => {
    expect(read(`${x}\t0\t${x}`)).toEqual([x, 0n, x]);
    expect(read(`{"Col1":${x},"Col2":0,"Col3":"${x}"}`)).toEqual([x, 0n, x]);
    expect(read(` { "Col3" : ${x} , "Col2":0,"Col1": ${x} } `)).toEqual([x, 0n, x]);
    const bytes = Buffer.from(`junk\n${x}\t0\t${x}\nmore`);
    const view = new DataView(new ArrayBuffer(48));
    const start = 5;
    const end = bytes.indexOf(10, start);
    const fast = parseTsvBytes(MY_DATA, bytes, start, end, view, 24);
    // The byte path takes every int64, past 2^53 too.
    expect(fast).toBe(true);
    expect([view.getBigInt64(24, true), view.getBigInt64(32, true), view.getBigInt64(40, true)]).toEqual([x, 0n, x]);
  });

  it.each([
    ['1\t2', 'expected 3 tab-separated values (Col1, Col2, Col3) or a JSON object, got "1\\t2"'],
    ['1\t2\t3\t4', 'expected 3 tab-separated values'],
    ['1 2 3', 'expected 3 tab-separated values'],
    ['1\t2\tx', 'Col3 must be an integer from -9223372036854775808 to 9223372036854775807 (int64), not "x"'],
    ['1\t\t3', 'Col2 must be an integer'],
    ['1\t2\t9223372036854775808', 'Col3 must be an integer'],
    ['1\t2\t1.5', 'Col3 must be an integer'],
    ['{"Col1":1,"Col2":2}', 'missing Col3'],
    ['{"Col1":1,"Col2":2,"Col3":3,"Col4":4}', 'unknown field "Col4": MyData has Col1, Col2, Col3'],
    ['{"Col1":1,"Col1":2,"Col3":3}', '"Col1" is given twice'],
    ['{"Col1":1.5,"Col2":2,"Col3":3}', 'Col1 must be an integer from -9223372036854775808 to 9223372036854775807 (int64), not 1.5'],
    ['{"Col1":1,"Col2":2,"Col3":3} x', 'text after the JSON object'],
    ['{}', 'missing Col1, Col2, Col3'],
    ['{"Col1":1,', 'not a JSON object: expected a string at character 11'],
  ])('says what is wrong with %j', (line, problem) => {
    expect(read(line)).toEqual(expect.stringContaining(problem));
    const bytes = Buffer.from(line);
    expect(parseTsvBytes(MY_DATA, bytes, 0, bytes.length, new DataView(new ArrayBuffer(24)), 0)).toBe(false);
  });
});

describe('lines as --watch prints them', () => {
  const time = '2026-11-27T10:00:00.000Z';
  it.each([
    ['MyData', MY_DATA, [1, 2, 3, -4, 5, 2 ** 53 + 1]],
    ['strings', parseLayout('s:char[4],n:int8', false), [0x41, 0, 0, 0, 5, 0x5c, 0x09, 0, 0, 250]],
  ])('%s: the time and index before each record, in TSV and JSON', (_, layout, values) => {
    const count = 2;
    const view = new DataView(new ArrayBuffer(layout.size * count));
    if (layout === MY_DATA) values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
    else values.forEach((v, i) => view.setUint8(i, v));
    const records = [0, 1].map((k) => decodeRecord(layout, view, k * layout.size));
    const tsv = text(formatRecords(layout, view, count, 'tsv', { time, firstIndex: 41 }));
    const plain = text(formatRecords(layout, view, count, 'tsv')).split('\n');
    expect(tsv).toBe(`${time}\t41\t${plain[0]}\n${time}\t42\t${plain[1]}\n`);
    const json = text(formatRecords(layout, view, count, 'json', { time, firstIndex: 41 }));
    expect(
      json
        .split('\n')
        .slice(0, -1)
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(records.map((_r, k) => ({ time, index: 41 + k, record: JSON.parse(recordJson(layout, records[k])) as unknown })));
    expect(json).toBe(records.map((r, k) => `${toJson({ time, index: 41 + k, record: new RawJson(recordJson(layout, r)) })}\n`).join(''));
  });
});
