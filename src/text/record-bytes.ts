import { setScalar } from '../model/codec';
import type { Field, Layout } from '../model/layout';
import { LITTLE_ENDIAN, WORDS } from '../model/scalars';
import { wideWords } from './digits';
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
  const last = fields.length - 1;
  let pos = start;
  for (let f = 0; f <= last; f++) {
    const field = fields[f];
    if (field.kind !== 'int') return false;
    const stop = storeInteger(field, bytes, pos, end, view, offset);
    // Each value ends where its field does: at a tab, the last at the line's end.
    if (stop === -1 || (f < last ? stop === end || bytes[stop] !== TAB : stop !== end)) return false;
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
    const stop = storeInteger(fields[f], bytes, pos, end, view, offset);
    if (stop === -1) return false;
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

/**
 * Reads the decimal integer at `bytes[pos, end)` (a `-` allowed first), up to the first byte that is
 * not a digit, into an integer field, and returns where it stopped; -1, storing nothing, when there
 * are no digits or the value does not fit (more than 20 digits included: the slow path reads those).
 */
function storeInteger(field: Field, bytes: Uint8Array, pos: number, end: number, view: DataView, offset: number): number {
  const negative = bytes[pos] === MINUS;
  const first = negative ? pos + 1 : pos;
  const exact = Math.min(end, first + 15);
  let n = 0;
  let i = first;
  for (; i < exact; i++) {
    const d = bytes[i] - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  if (i === first) return -1;
  if (i < exact || i === end || bytes[i] < 48 || bytes[i] > 57) return setScalar(field, view, offset, negative ? -n : n) ? i : -1;
  // Past the 15 digits a double holds exactly: up to 5 more, and a 64-bit field takes the value
  // from its two exact parts, with no BigInt.
  const { element } = field;
  if (element !== 'int64' && element !== 'uint64') return -1;
  let low = 0;
  let scale = 1;
  for (; i < end; i++) {
    const d = bytes[i] - 48;
    if (d < 0 || d > 9) break;
    if (scale === 1e5) return -1;
    low = low * 10 + d;
    scale *= 10;
  }
  if (!wideWords(n, scale, low, negative, element === 'int64', WIDE)) return -1;
  view.setUint32(offset + field.offset + WORDS.high, WIDE[0], LITTLE_ENDIAN);
  view.setUint32(offset + field.offset + WORDS.low, WIDE[1], LITTLE_ENDIAN);
  return i;
}
