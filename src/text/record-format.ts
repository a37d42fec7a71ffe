import { decodeField, decodeRecord, numberReader } from '../model/codec';
import type { Field, Layout, RecordValues } from '../model/layout';
import type { NumberReader } from '../model/scalars';
import { MAX_DIGITS, writeBigInt, writeNumber } from './digits';
import { RawJson, toJson } from './json';
import { valueText } from './value-text';

/** The machine text formats of a record: what the reader prints and the bulk writer reads. */
export type MachineFormat = 'tsv' | 'json';

/** What {@link formatRecords} prints: a machine format, or one field's bare values. */
export type Output = MachineFormat | { readonly only: Field };

const EMPTY = new Uint8Array(0);
const TSV_GAP = Uint8Array.of(9);
const TSV_END = Uint8Array.of(10);
const JSON_END = Uint8Array.of(125, 10);

/**
 * Prints `count` records of `view` in a machine format, one per line ending in `\n`, as UTF-8
 * bytes: `100\t876\t8021`, or `{"Col1":100,"Col2":876,"Col3":8021}` with every digit; with
 * `{ only }`, that field's bare values. Records of integers only take a fast path that writes
 * digits straight into bytes. The bytes are valid until the next call: write them out, or copy
 * them, before calling again.
 */
export function formatRecords(layout: Layout, view: DataView, count: number, output: Output): Uint8Array {
  const fields = typeof output === 'object' ? [output.only] : layout.fields;
  const style = output === 'json' ? 'json' : 'tsv';
  if (!fields.every((f) => f.kind === 'int')) return Buffer.from(formatAny(layout, fields, style, view, count));
  const read = fields.map((f) => numberReader(f.element));
  const offsets = fields.map((f) => f.offset);
  // Before each field's digits and after each record: tabs and a newline, or the JSON around them.
  const before = fields.map((f, k) =>
    style === 'tsv' ? (k === 0 ? EMPTY : TSV_GAP) : Buffer.from(`${k === 0 ? '{' : ','}${toJson(f.name)}:`),
  );
  const after = style === 'tsv' ? TSV_END : JSON_END;
  const room = count * (before.reduce((n, k) => n + k.length + MAX_DIGITS, 0) + after.length);
  return formatIntegers(fields, read, offsets, before, after, layout.size, view, count, scratch(room));
}

/** One record as a JSON object, in layout order, every digit kept. */
export function recordJson(layout: Layout, values: RecordValues): string {
  return toJson(Object.fromEntries(layout.fields.map((f) => [f.name, new RawJson(valueText(f, values[f.name], 'json'))])));
}

/** One record as tab-separated values in layout order (no newline). */
export function recordTsv(layout: Layout, values: RecordValues): string {
  return layout.fields.map((f) => valueText(f, values[f.name], 'tsv')).join('\t');
}

let spare = Buffer.allocUnsafe(0);

/** The output buffer of the fast paths, reused from call to call: a dump allocates nothing per batch. */
function scratch(bytes: number): Buffer {
  if (spare.length < bytes) spare = Buffer.allocUnsafe(bytes);
  return spare;
}

/** The string path, for records with fields other than integers: JSON of the whole record, or `fields` tab-separated. */
function formatAny(layout: Layout, fields: readonly Field[], style: 'tsv' | 'json', view: DataView, count: number): string {
  let out = '';
  for (let i = 0, o = 0; i < count; i++, o += layout.size) {
    out +=
      style === 'json'
        ? `${recordJson(layout, decodeRecord(layout, view, o))}\n`
        : `${fields.map((f) => valueText(f, decodeField(f, view, o), 'tsv')).join('\t')}\n`;
  }
  return out;
}

// This loop runs for every record of a dump: it is small and single-purpose so that V8 optimises
// it once and keeps it optimised from batch to batch.
function formatIntegers(
  fields: readonly Field[],
  read: readonly NumberReader[],
  offsets: readonly number[],
  before: readonly Uint8Array[],
  after: Uint8Array,
  size: number,
  view: DataView,
  count: number,
  out: Buffer,
): Uint8Array {
  let pos = 0;
  for (let i = 0, o = 0; i < count; i++, o += size) {
    for (let f = 0; f < offsets.length; f++) {
      const text = before[f];
      if (text.length === 1) out[pos++] = text[0];
      else for (let k = 0; k < text.length; k++) out[pos++] = text[k];
      const x = read[f](view, o + offsets[f]);
      pos = x === x ? writeNumber(out, pos, x) : writeBigInt(out, pos, decodeField(fields[f], view, o) as bigint);
    }
    for (let k = 0; k < after.length; k++) out[pos++] = after[k];
  }
  return out.subarray(0, pos);
}
