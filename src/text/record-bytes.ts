import { setScalar } from '../model/codec';
import type { Field, Layout } from '../model/layout';
import { LITTLE_ENDIAN, WORDS } from '../model/scalars';
import { parseWide } from './digits';
import { toJson } from './json';

const TAB = 9;
const MINUS = 45;
const CLOSE = 125;
const WIDE = new Uint32Array(2);

/**
 * Reads one line of tab-separated integers from `bytes[start, end)` straight into the record at
 * `offset` of `view`. Returns false when the line is anything else (JSON, other field kinds, a bad
 * value): the caller then reads it with `parseRecordLine`, which says what is wrong.
 */
export function parseTsvBytes(layout: Layout, bytes: Uint8Array, start: number, end: number, view: DataView, offset: number): boolean {
  const { fields } = layout;
  let pos = start;
  for (let f = 0; f < fields.length; f++) {
    if (fields[f].kind !== 'int') return false;
    const stop = f === fields.length - 1 ? end : bytes.indexOf(TAB, pos);
    if (stop === -1 || stop > end || !storeInteger(fields[f], bytes, pos, stop, view, offset)) return false;
    pos = stop + 1;
  }
  return true;
}

/**
 * The same for a JSON line of integers exactly as the reader prints it: `{"Col1":100,"Col2":876,"Col3":8021}`,
 * keys in layout order, no spaces. Any other JSON (spaces, keys in another order, quoted numbers)
 * returns false, for `parseRecordLine` to read.
 */
export function parseJsonBytes(layout: Layout, bytes: Uint8Array, start: number, end: number, view: DataView, offset: number): boolean {
  const { fields } = layout;
  const keys = jsonKeys(layout);
  let pos = start;
  for (let f = 0; f < fields.length; f++) {
    if (fields[f].kind !== 'int') return false;
    const key = keys[f];
    if (end - pos < key.length) return false;
    for (let k = 0; k < key.length; k++) if (bytes[pos + k] !== key[k]) return false;
    pos += key.length;
    let stop = bytes[pos] === MINUS ? pos + 1 : pos;
    while (stop < end && bytes[stop] >= 48 && bytes[stop] <= 57) stop++;
    if (!storeInteger(fields[f], bytes, pos, stop, view, offset)) return false;
    pos = stop;
  }
  return pos === end - 1 && bytes[pos] === CLOSE;
}

const KEYS = new WeakMap<Layout, Uint8Array[]>();

/** What comes before each field's value in a JSON line the reader prints: `{"Col1":`, then `,"Col2":`... */
function jsonKeys(layout: Layout): Uint8Array[] {
  let keys = KEYS.get(layout);
  if (keys === undefined) {
    keys = layout.fields.map((f, k) => Buffer.from(`${k === 0 ? '{' : ','}${toJson(f.name)}:`));
    KEYS.set(layout, keys);
  }
  return keys;
}

/** Stores the decimal integer `bytes[pos, stop)` (a `-` allowed first) into an integer field; false, storing nothing, if it is not one that fits. */
function storeInteger(field: Field, bytes: Uint8Array, pos: number, stop: number, view: DataView, offset: number): boolean {
  const negative = bytes[pos] === MINUS;
  const first = negative ? pos + 1 : pos;
  if (first === stop || stop - first > 20) return false; // no digits, or more than any 64-bit value has
  let n = 0;
  for (let i = first; i < stop; i++) {
    const d = bytes[i] - 48;
    if (d < 0 || d > 9) return false;
    n = n * 10 + d;
  }
  if (stop - first <= 15) return setScalar(field, view, offset, negative ? -n : n);
  // Past what a double holds exactly: a 64-bit field takes it from two exact halves, no BigInt.
  const { element } = field;
  if ((element !== 'int64' && element !== 'uint64') || !parseWide(bytes, first, stop, negative, element === 'int64', WIDE)) return false;
  view.setUint32(offset + field.offset + WORDS.high, WIDE[0], LITTLE_ENDIAN);
  view.setUint32(offset + field.offset + WORDS.low, WIDE[1], LITTLE_ENDIAN);
  return true;
}
