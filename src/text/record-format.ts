import { decodeField, decodeRecord, numberReader } from '../model/codec';
import type { Field, Layout, RecordValues } from '../model/layout';
import { LITTLE_ENDIAN, WORDS, type NumberReader } from '../model/scalars';
import { MAX_DIGITS, writeNumber, writeWide } from './digits';
import { RawJson, toJson } from './json';
import { valueText } from './value-text';
import { WASM_FROM_RECORDS, wasmRecords } from './wasm-records';

/** The machine text formats of a record: what the reader prints and the bulk writer reads. */
export type MachineFormat = 'tsv' | 'json';

/** What {@link formatRecords} prints: a machine format, or one field's bare values. */
export type Output = MachineFormat | { readonly only: Field };

/** Columns before each record, as `--watch` prints them: the time of the look, and the record's index. */
export interface Lead {
  readonly time: string;
  /** The index of the first record; the next ones count on from it. */
  readonly firstIndex: number;
}

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
export function formatRecords(layout: Layout, view: DataView, count: number, output: Output, lead?: Lead): Uint8Array {
  const fields = typeof output === 'object' ? [output.only] : layout.fields;
  const style = output === 'json' ? 'json' : 'tsv';
  // With a lead: `TIME\tINDEX\t` before the values, or `{"time":TIME,"index":INDEX,"record":` before the object and `}` after it.
  const [head, gap, tail]: [string | null, string, string] =
    lead === undefined
      ? [null, '', '']
      : style === 'tsv'
        ? [`${lead.time}\t`, '\t', '']
        : [`{"time":${toJson(lead.time)},"index":`, ',"record":', '}'];
  if (!fields.every((f) => f.kind === 'int'))
    return Buffer.from(formatAny(layout, fields, style, view, count, lead && { head, gap, tail, ...lead }));
  if (typeof output !== 'object' && count >= WASM_FROM_RECORDS) {
    const around = lead === undefined || head === null ? undefined : { head, gap, tail, firstIndex: lead.firstIndex };
    const text = wasmRecords()?.format(layout, output, view, count, around);
    if (text) return text;
  }
  const read = fields.map((f) => numberReader(f.element));
  const offsets = fields.map((f) => f.offset);
  // Before each field's digits and after each record: tabs and a newline, or the JSON around them.
  const before = fields.map((f, k) =>
    style === 'tsv' ? (k === 0 ? Buffer.from(gap) : TSV_GAP) : Buffer.from(`${k === 0 ? `${gap}{` : ','}${toJson(f.name)}:`),
  );
  const after = tail === '' ? (style === 'tsv' ? TSV_END : JSON_END) : Buffer.from(`}${tail}\n`);
  const first = head === null ? null : { head: Buffer.from(head), index: lead?.firstIndex ?? 0 };
  const room = count * ((first?.head.length ?? 0) + MAX_DIGITS + before.reduce((n, k) => n + k.length + MAX_DIGITS, 0) + after.length);
  return formatIntegers(fields, read, offsets, before, after, first, layout.size, view, count, scratch(room));
}

/** One record as a JSON object, in layout order, every digit kept. */
export function recordJson(layout: Layout, values: RecordValues): string {
  return toJson(Object.fromEntries(layout.fields.map((f) => [f.name, new RawJson(valueText(f, values[f.name], 'json'))])));
}

let spare = Buffer.allocUnsafe(0);

/** The output buffer of the fast paths, reused from call to call: a dump allocates nothing per batch. */
function scratch(bytes: number): Buffer {
  if (spare.length < bytes) spare = Buffer.allocUnsafe(bytes);
  return spare;
}

/** The string path, for records with fields other than integers: JSON of the whole record, or `fields` tab-separated. */
function formatAny(
  layout: Layout,
  fields: readonly Field[],
  style: 'tsv' | 'json',
  view: DataView,
  count: number,
  lead?: { head: string | null; gap: string; tail: string; firstIndex: number },
): string {
  let out = '';
  for (let i = 0, o = 0; i < count; i++, o += layout.size) {
    if (lead?.head) out += `${lead.head}${lead.firstIndex + i}${lead.gap}`;
    out +=
      style === 'json'
        ? `${recordJson(layout, decodeRecord(layout, view, o))}${lead?.tail ?? ''}\n`
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
  lead: { head: Uint8Array; index: number } | null,
  size: number,
  view: DataView,
  count: number,
  out: Buffer,
): Uint8Array {
  let pos = 0;
  for (let i = 0, o = 0; i < count; i++, o += size) {
    if (lead !== null) {
      out.set(lead.head, pos);
      pos = writeNumber(out, pos + lead.head.length, lead.index + i);
    }
    for (let f = 0; f < offsets.length; f++) {
      const text = before[f];
      if (text.length === 1) out[pos++] = text[0];
      else for (let k = 0; k < text.length; k++) out[pos++] = text[k];
      const x = read[f](view, o + offsets[f]);
      if (x === x) pos = writeNumber(out, pos, x);
      else {
        // A 64-bit value beyond 2^53: from its two words, still without BigInt.
        const at = o + offsets[f];
        pos = writeWide(
          out,
          pos,
          view.getUint32(at + WORDS.high, LITTLE_ENDIAN),
          view.getUint32(at + WORDS.low, LITTLE_ENDIAN),
          fields[f].element === 'int64',
        );
      }
    }
    for (let k = 0; k < after.length; k++) out[pos++] = after[k];
  }
  return out.subarray(0, pos);
}
