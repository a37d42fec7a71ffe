import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineLayout, MY_DATA, type Layout } from '../../src/model/layout';
import type { IntType } from '../../src/model/scalars';
import { formatRecords } from '../../src/text/record-format';
import { parseRecordLine } from '../../src/text/record-parse';
import { WasmRecords, wasmRecords, type WasmStyle } from '../../src/text/wasm-records';
import { ROOT } from '../helpers';

// The module `npm test` builds; the code under test, run from its sources, has no WebAssembly of its own.
const wasm = new WasmRecords(readFileSync(join(ROOT, 'dist', 'records.wasm')));
const SEED = { seed: 20261127, numRuns: 300 };
const INTS: readonly IntType[] = ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64'];
const STYLES: readonly WasmStyle[] = ['tsv', 'json'];

/** Random layouts of integer fields (the ones the loops take), packed or not. */
const layouts: fc.Arbitrary<Layout> = fc
  .tuple(fc.array(fc.constantFrom(...INTS), { minLength: 1, maxLength: 6 }), fc.boolean())
  .map(([types, packed]) =>
    defineLayout(
      'L',
      types.map((t, i) => [i === 1 ? '__proto__' : `f${i}`, t] as const),
      packed,
    ),
  );

/** Records' bytes with the values that break digit loops most: extremes, zero, powers of ten, and anything. */
const EDGE_BYTES = [
  [0, 0, 0, 0, 0, 0, 0, 0x80],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0x64, 0xa7, 0xb3, 0xb6, 0xe0, 0x0d], // 10^18
  [0, 0, 0xe8, 0x89, 0x04, 0x23, 0xc7, 0x8a], // 10^19
  [0x00, 0xe1, 0xf5, 0x05, 0, 0, 0, 0], // 10^8
];
function records(layout: Layout, count: number): fc.Arbitrary<Uint8Array> {
  const one = fc.oneof(
    fc.uint8Array({ minLength: layout.size, maxLength: layout.size }),
    fc.constantFrom(...EDGE_BYTES).map((edge) => Uint8Array.from({ length: layout.size }, (_, i) => edge[i % 8])),
  );
  return fc.array(one, { minLength: count, maxLength: count }).map((rs) => Buffer.concat(rs));
}

/** A random layout, and `min` to `max` records of it. */
const batches = (min: number, max: number) =>
  layouts.chain((layout) =>
    fc.tuple(
      fc.constant(layout),
      fc.integer({ min, max }).chain((n) => records(layout, n)),
    ),
  );

/** What the JavaScript path prints: the oracle of the format loop. */
function javascript(layout: Layout, style: WasmStyle, bytes: Uint8Array, count: number): Buffer {
  expect(wasmRecords()).toBeNull();
  return Buffer.from(formatRecords(layout, new DataView(bytes.buffer, bytes.byteOffset, bytes.length), count, style));
}

describe('the WebAssembly format loop', () => {
  it.each(STYLES)('prints %s exactly as the JavaScript path does, on random layouts and values (seeded)', (style) => {
    fc.assert(
      fc.property(batches(1, 40), ([layout, bytes]) => {
        const count = bytes.length / layout.size;
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
        expect(Buffer.from(wasm.format(layout, style, view, count) ?? [])).toEqual(javascript(layout, style, bytes, count));
      }),
      SEED,
    );
  });

  it.each(STYLES)('prints %s with a lead (time and index, as --watch does) exactly as the JavaScript path does (seeded)', (style) => {
    const time = '2026-11-27T12:00:00.000Z';
    fc.assert(
      fc.property(batches(1, 20), fc.oneof(fc.nat(), fc.constant(2 ** 53 - 100)), ([layout, bytes], firstIndex) => {
        const count = bytes.length / layout.size;
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
        const [head, gap, tail] = style === 'tsv' ? [`${time}\t`, '\t', ''] : [`{"time":"${time}","index":`, ',"record":', '}'];
        const fast = wasm.format(layout, style, view, count, { head, gap, tail, firstIndex });
        expect(Buffer.from(fast ?? [])).toEqual(Buffer.from(formatRecords(layout, view, count, style, { time, firstIndex })));
      }),
      SEED,
    );
  });

  it('grows its memory for a large batch, and leaves layouts with other fields to JavaScript', () => {
    const count = 200_000;
    const bytes = new Uint8Array(count * 24).fill(0xff);
    const text = wasm.format(MY_DATA, 'tsv', new DataView(bytes.buffer), count);
    expect(text?.length).toBe(count * 9);
    const mixed = defineLayout('M', [
      ['a', 'int32'],
      ['b', 'float64'],
    ]);
    expect(wasm.format(mixed, 'tsv', new DataView(new ArrayBuffer(16)), 1)).toBeNull();
  });
});

/** Lines the parse loop meets: records as printed, and what breaks them. */
function lines(layout: Layout, style: WasmStyle): fc.Arbitrary<string[]> {
  const printed = records(layout, 1).map((bytes) => javascript(layout, style, bytes, 1).toString().slice(0, -1));
  const mutated = fc
    .tuple(printed, fc.nat(), fc.constantFrom('', '\r', '\t', ' ', '-', '+', '0', '9', 'x', '{', '}', '"', '99999999999999999999', '\n'))
    .map(([line, at, piece]) => line.slice(0, at % (line.length + 1)) + piece + line.slice(at % (line.length + 1)));
  const odd = fc.constantFrom(
    '',
    '\r',
    '-0',
    '00000000000000000001',
    '000000000000000000001',
    '18446744073709551615',
    '18446744073709551616',
    '-9223372036854775808',
    '-9223372036854775809',
  );
  return fc.array(
    fc.oneof(
      { arbitrary: printed, weight: 4 },
      mutated,
      odd,
      printed.map((l) => `${l}\r`),
    ),
    { minLength: 1, maxLength: 30 },
  );
}

describe('the WebAssembly parse loop', () => {
  it.each(STYLES)('takes %s lines only as parseRecordLine reads them, and stops at the first it does not take (seeded)', (style) => {
    fc.assert(
      fc.property(
        layouts.chain((layout) => fc.tuple(fc.constant(layout), lines(layout, style))),
        ([layout, texts]) => {
          const input = Buffer.from(`${texts.join('\n')}\n`);
          const ends = [...input.keys()].filter((i) => input[i] === 10);
          const out = new Uint8Array((ends.length + 1) * layout.size);
          const read = wasm.parse(layout, style, input, 0, input.length, out, layout.size, ends.length);
          expect(read).not.toBeNull();
          const { records, stop } = read ?? { records: 0, stop: 0 };
          expect(stop).toBe(records === 0 ? 0 : ends[records - 1] + 1);
          const oracle = new DataView(new ArrayBuffer(layout.size));
          for (let k = 0; k < records; k++) {
            const line = input
              .subarray(k === 0 ? 0 : ends[k - 1] + 1, ends[k])
              .toString('latin1')
              .replace(/\r$/, '');
            expect(parseRecordLine(layout, line, oracle, 0, style)).toBeNull();
            expect(Buffer.from(out.subarray((k + 1) * layout.size, (k + 2) * layout.size))).toEqual(Buffer.from(oracle.buffer));
          }
        },
      ),
      SEED,
    );
  });

  it.each(STYLES)('takes every %s line the reader prints, and no more than `max`', (style) => {
    fc.assert(
      fc.property(batches(2, 30), ([layout, bytes]) => {
        const count = bytes.length / layout.size;
        const text = javascript(layout, style, bytes, count);
        const out = new Uint8Array(bytes.length);
        expect(wasm.parse(layout, style, text, 0, text.length, out, 0, count)?.records).toBe(count);
        // Padding aside (it reads back as zero), the same records: they print the same.
        expect(javascript(layout, style, out, count)).toEqual(text);
        expect(wasm.parse(layout, style, text, 0, text.length, out, 0, count - 1)).toEqual({
          records: count - 1,
          stop: text.lastIndexOf(10, text.length - 2) + 1,
        });
      }),
      SEED,
    );
  });
});
