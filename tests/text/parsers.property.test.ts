import fc from 'fast-check';
import { decodeRecord } from '../../src/model/codec';
import { ShmError } from '../../src/model/errors';
import { defineLayout, MY_DATA, type Field, type Layout } from '../../src/model/layout';
import { SCALAR_TYPES, type ScalarType } from '../../src/model/scalars';
import { parseJsonObject } from '../../src/text/json-object';
import { formatRecords, recordJson } from '../../src/text/record-format';
import { parseJsonBytes, parseTsvBytes } from '../../src/text/record-bytes';
import { parseRecordLine } from '../../src/text/record-parse';
import { parseValueText, valueText } from '../../src/text/value-text';
import { intRange } from '../helpers';

const SEED = { seed: 20261127, numRuns: 400 };
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.json(),
  fc.constantFrom('{"__proto__":7,"Col2":1,"Col3":1}', '{"Col1":"\\x41"}', '{"a":[[[[1]]]]}', '\\u12'),
);

/** A random layout of every kind of field, packed or not. */
const layouts: fc.Arbitrary<Layout> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...SCALAR_TYPES),
      fc.integer({ min: 1, max: 6 }).map((n) => `char[${n}]`),
      fc.tuple(fc.constantFrom(...SCALAR_TYPES.filter((t) => t !== 'bool')), fc.integer({ min: 1, max: 3 })).map(([t, n]) => `${t}[${n}]`),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .chain((types) =>
    fc.boolean().map((packed) =>
      defineLayout(
        'L',
        types.map((t, i) => [i === 0 ? '__proto__' : `f${i}`, t] as const),
        packed,
      ),
    ),
  );

/** Bytes a string field tends to break on: separators, blanks, a leading `{`, escapes, bytes that are not UTF-8. */
const AWKWARD = [0, 9, 10, 13, 32, 0x7b, 0x5c, 0x78, 0x22, 0x80, 0xc3, 0xe9, 0xff];

/** Random bytes for a record: every value a C program could leave there (a string's bytes after its NUL are zero, as a C string's copy has them). */
function recordBytes(layout: Layout): fc.Arbitrary<DataView> {
  return fc.uint8Array({ minLength: layout.size, maxLength: layout.size }).map((bytes) => {
    for (const f of layout.fields.filter((f) => f.kind === 'char')) {
      let ended = false;
      for (let i = f.offset; i < f.offset + f.count; i++) {
        if (bytes[i] < 0x60) bytes[i] = AWKWARD[bytes[i] % AWKWARD.length];
        ended ||= bytes[i] === 0;
        if (ended) bytes[i] = 0;
      }
    }
    for (const f of layout.fields.filter((f) => f.element === 'bool')) for (let i = 0; i < f.count; i++) bytes[f.offset + i] &= 1;
    return new DataView(bytes.buffer);
  });
}

/** The record's bytes with its floats (whose NaN payloads print alike) left out. */
function exactBytes(layout: Layout, view: DataView): number[] {
  return layout.fields
    .filter((f) => f.kind !== 'float' && f.element !== 'float32' && f.element !== 'float64')
    .flatMap((f) => [...new Uint8Array(view.buffer, view.byteOffset + f.offset, f.size)]);
}

function usageOrNull(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ShmError);
    expect((err as ShmError).code).toBe('EUSAGE');
  }
}

describe('text parsers, on any input', () => {
  it('parseRecordLine and parseJsonObject: a record, or a one-line reason', () => {
    fc.assert(
      fc.property(text, (line) => {
        for (const format of ['auto', 'tsv', 'json'] as const) {
          const outcome = parseRecordLine(MY_DATA, line, new DataView(new ArrayBuffer(24)), 0, format);
          if (outcome !== null && outcome !== 'skip') expect(outcome.problem).not.toMatch(/\n/);
        }
        const object = parseJsonObject(line);
        if (typeof object === 'string') expect(object).not.toMatch(/\n/);
      }),
      SEED,
    );
  });

  it('parseValueText: a value of the field, or a usage error', () => {
    fc.assert(
      fc.property(layouts, text, fc.boolean(), (layout, input, escaped) => {
        for (const field of layout.fields) usageOrNull(() => parseValueText(field, input, escaped));
      }),
      SEED,
    );
  });

  it('parseTsvBytes agrees with parseRecordLine on every line it takes', () => {
    const ints = fc.tuple(
      ...[0, 1, 2].map(() => fc.oneof(fc.bigInt(intRange('int64')), fc.integer().map(BigInt), fc.string({ maxLength: 3 }))),
    );
    fc.assert(
      fc.property(ints, (values) => {
        const line = values.join('\t');
        const bytes = Buffer.from(line);
        const fast = new DataView(new ArrayBuffer(24));
        const slow = new DataView(new ArrayBuffer(24));
        if (parseTsvBytes(MY_DATA, bytes, 0, bytes.length, fast, 0)) {
          expect(parseRecordLine(MY_DATA, line, slow, 0)).toBeNull();
          expect(Buffer.from(fast.buffer)).toEqual(Buffer.from(slow.buffer));
        }
      }),
      SEED,
    );
  });

  it('parseJsonBytes agrees with parseRecordLine on every line it takes, and takes every line of integers the reader prints', () => {
    const value = fc.oneof(
      fc.bigInt(intRange('int64')),
      fc.integer().map(BigInt),
      fc.constantFrom('"1"', '1.5', '-', '', '01', '1e3', ' 1'),
    );
    const shape = fc.constantFrom(
      '{"Col1":A,"Col2":B,"Col3":C}',
      '{"Col1":A,"Col3":C,"Col2":B}',
      '{"Col1":A, "Col2":B,"Col3":C}',
      '{"Col1":A,"Col2":B,"Col3":C} ',
      '{"Col1":A,"Col2":B,"Col3":C}}',
    );
    fc.assert(
      fc.property(shape, fc.tuple(value, value, value), (form, [a, b, c]) => {
        const line = form.replace('A', String(a)).replace('B', String(b)).replace('C', String(c));
        const bytes = Buffer.from(line);
        const fast = new DataView(new ArrayBuffer(24));
        const slow = new DataView(new ArrayBuffer(24));
        const taken = parseJsonBytes(MY_DATA, bytes, 0, bytes.length, fast, 0);
        if (taken) {
          expect(parseRecordLine(MY_DATA, line, slow, 0, 'json')).toBeNull();
          expect(Buffer.from(fast.buffer)).toEqual(Buffer.from(slow.buffer));
        }
        // A line the reader prints is always taken.
        const printed = Buffer.from(formatRecords(MY_DATA, slow, 1, 'json'));
        expect(parseJsonBytes(MY_DATA, printed, 0, printed.length - 1, fast, 0)).toBe(true);
        expect(Buffer.from(fast.buffer)).toEqual(Buffer.from(slow.buffer));
      }),
      SEED,
    );
  });
});

describe('what the reader prints, the writer reads back to the same bytes', () => {
  it.each(['tsv', 'json'] as const)('%s, on random layouts and values, every byte of every string', (format) => {
    fc.assert(
      fc.property(
        layouts.chain((layout) => fc.tuple(fc.constant(layout), recordBytes(layout))),
        ([layout, view]) => {
          const line = Buffer.from(formatRecords(layout, view, 1, format))
            .toString()
            .replace(/\n$/, '');
          expect(line).not.toMatch(/[\n\r]/);
          const back = new DataView(new ArrayBuffer(layout.size));
          expect([line, parseRecordLine(layout, line, back, 0, format)]).toEqual([line, null]);
          expect(exactBytes(layout, back)).toEqual(exactBytes(layout, view));
          // NaN payloads aside (every NaN prints as NaN), the values are the same.
          expect(recordJson(layout, decodeRecord(layout, back, 0))).toBe(recordJson(layout, decodeRecord(layout, view, 0)));
          // Told nothing, the writer reads the line the same way, or says it cannot tell which format it is in: it never guesses wrong.
          const guessed = new DataView(new ArrayBuffer(layout.size));
          const outcome = parseRecordLine(layout, line, guessed, 0);
          if (outcome === null) expect(exactBytes(layout, guessed)).toEqual(exactBytes(layout, view));
          else expect(outcome).toMatchObject({ ambiguous: true });
        },
      ),
      SEED,
    );
  });

  it('valueText and parseValueText are inverse for every scalar type', () => {
    const field = (type: ScalarType): Field => defineLayout('T', [['v', type]]).fields[0];
    fc.assert(
      fc.property(fc.constantFrom(...SCALAR_TYPES), fc.uint8Array({ minLength: 8, maxLength: 8 }), (type, bytes) => {
        const f = field(type);
        if (type === 'bool') bytes[0] &= 1;
        const view = new DataView(bytes.buffer);
        const value = decodeRecord(defineLayout('T', [['v', type]]), view, 0).v;
        const tsv = valueText(f, value, 'tsv');
        expect(valueText(f, parseValueText(f, tsv, true), 'tsv')).toBe(tsv);
      }),
      SEED,
    );
  });
});
