import { decodeField, decodeRecord, numberReader } from '../model/codec';
import type { Field, Layout, RecordValues } from '../model/layout';
import type { NumberReader } from '../model/scalars';
import { MAX_DIGITS, writeBigInt, writeNumber } from './digits';
import { RawJson, toJson } from './json';
import { valueText } from './value-text';

/** The machine text formats of a record: what `shm-reader` prints and `shm-writer --stdin` reads. */
export type MachineFormat = 'tsv' | 'json';

/** What {@link formatRecords} prints: a machine format, or one field's bare values. */
export type Output = MachineFormat | { readonly only: Field };

const TAB = 9;
const NL = 10;

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
  if (style === 'tsv') return formatTsv(fields, read, offsets, layout.size, view, count, scratch(count * fields.length * (MAX_DIGITS + 1)));
  const keys = fields.map((f, k) => Buffer.from(`${k === 0 ? '{' : ','}${toJson(f.name)}:`));
  return formatJson(
    fields,
    read,
    offsets,
    keys,
    layout.size,
    view,
    count,
    scratch(count * keys.reduce((n, k) => n + k.length + MAX_DIGITS, 2)),
  );
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

// The loops below run for every record of a dump: each is small and single-purpose so that V8
// optimises it once and keeps it optimised from batch to batch.

function formatTsv(
  fields: readonly Field[],
  read: readonly NumberReader[],
  offsets: readonly number[],
  size: number,
  view: DataView,
  count: number,
  out: Buffer,
): Uint8Array {
  let pos = 0;
  for (let i = 0, o = 0; i < count; i++, o += size) {
    for (let f = 0; f < offsets.length; f++) {
      if (f > 0) out[pos++] = TAB;
      const x = read[f](view, o + offsets[f]);
      pos = x === x ? writeNumber(out, pos, x) : writeBigInt(out, pos, decodeField(fields[f], view, o) as bigint);
    }
    out[pos++] = NL;
  }
  return out.subarray(0, pos);
}

function formatJson(
  fields: readonly Field[],
  read: readonly NumberReader[],
  offsets: readonly number[],
  keys: readonly Uint8Array[],
  size: number,
  view: DataView,
  count: number,
  out: Buffer,
): Uint8Array {
  let pos = 0;
  for (let i = 0, o = 0; i < count; i++, o += size) {
    for (let f = 0; f < offsets.length; f++) {
      out.set(keys[f], pos);
      pos += keys[f].length;
      const x = read[f](view, o + offsets[f]);
      pos = x === x ? writeNumber(out, pos, x) : writeBigInt(out, pos, decodeField(fields[f], view, o) as bigint);
    }
    out[pos++] = 125; // }
    out[pos++] = NL;
  }
  return out.subarray(0, pos);
}
