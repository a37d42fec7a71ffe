const MINUS = 45;

/** The most characters an integer of up to 64 bits takes: a sign and 20 digits. */
export const MAX_DIGITS = 21;

const TWO32 = 4294967296;

/**
 * Writes a 64-bit integer given as its two 32-bit words (`high` and `low`, each read unsigned),
 * as signed (two's complement) or unsigned, in number arithmetic only: no BigInt.
 */
export function writeWide(out: Uint8Array, pos: number, high: number, low: number, signed: boolean): number {
  let hi = high >>> 0;
  let lo = low >>> 0;
  if (signed && hi >= 0x80000000) {
    out[pos++] = MINUS;
    // The magnitude, 2^64 - value: invert and add one, carrying into the high word.
    lo = (~lo >>> 0) + 1;
    hi = ((~hi >>> 0) + (lo === TWO32 ? 1 : 0)) >>> 0;
    lo >>>= 0;
  }
  if (hi < 0x200000) return writeNumber(out, pos, hi * TWO32 + lo);
  // value / 10^8 from the rounded double is off by at most one; the remainder, below 2^31 in
  // magnitude, is exact modulo 2^32 (Math.imul), and says which way to correct it.
  let q = Math.floor((hi * TWO32 + lo) / 1e8);
  let r = (lo - Math.imul(q - Math.floor(q / TWO32) * TWO32, 100000000)) | 0;
  if (r < 0) {
    r += 100000000;
    q--;
  } else if (r >= 100000000) {
    r -= 100000000;
    q++;
  }
  pos = writeNumber(out, pos, q);
  writeEight(viewOf(out), pos, r);
  return pos + 8;
}

/**
 * The two 32-bit words (unsigned) of the integer `high * scale + low` (`high` below 2^50, `scale`
 * a power of ten up to 10^5, `low` below `scale`: the digits of a decimal split in two), negated
 * (two's complement) when `negative`, into `words`; false when it does not fit the signed or
 * unsigned 64-bit range. Number arithmetic only, every product below 2^53: no BigInt.
 */
export function wideWords(high: number, scale: number, low: number, negative: boolean, signed: boolean, words: Uint32Array): boolean {
  const hH = Math.floor(high / 65536);
  const t = hH * scale;
  const u = (high - hH * 65536) * scale + low;
  const tHi = Math.floor(t / 65536);
  const sum = (t - tHi * 65536) * 65536 + u;
  const carry = Math.floor(sum / TWO32);
  let lo = sum - carry * TWO32;
  let hi = tHi + carry;
  if (!signed) {
    if (negative && (hi !== 0 || lo !== 0)) return false;
    if (hi > 0xffffffff) return false;
  } else if (hi > 0x80000000 || (hi === 0x80000000 && (lo !== 0 || !negative))) return false;
  if (negative && (hi !== 0 || lo !== 0)) {
    lo = (~lo >>> 0) + 1;
    hi = ((~hi >>> 0) + (lo === TWO32 ? 1 : 0)) >>> 0;
    lo >>>= 0;
  }
  words[0] = hi;
  words[1] = lo;
  return true;
}

/** Writes an integral number below 2^53 in magnitude, four digits per division. */
export function writeNumber(out: Uint8Array, pos: number, value: number): number {
  let x = value;
  if (x < 0) {
    out[pos++] = MINUS;
    x = -x;
  }
  if (x < 1e8) return writeLeading(out, pos, x);
  const view = viewOf(out);
  if (x < 1e16) {
    const high = Math.floor(x / 1e8);
    pos = writeLeading(out, pos, high);
    writeEight(view, pos, x - high * 1e8);
    return pos + 8;
  }
  const top = Math.floor(x / 1e16);
  const rest = x - top * 1e16;
  const middle = Math.floor(rest / 1e8);
  pos = writeLeading(out, pos, top);
  writeEight(view, pos, middle);
  writeEight(view, pos + 8, rest - middle * 1e8);
  return pos + 16;
}

/** "0000" to "9999" as four ASCII bytes each, read as a little-endian 32-bit word: written in one store. Made on first use. */
let quads: Uint32Array | undefined;

function makeQuads(): Uint32Array {
  const table = new Uint32Array(10000);
  for (let a = 0, i = 0; a < 10; a++)
    for (let b = 0; b < 10; b++)
      for (let c = 0; c < 10; c++)
        for (let d = 0; d < 10; d++) table[i++] = (48 + a) | ((48 + b) << 8) | ((48 + c) << 16) | ((48 + d) << 24);
  return (quads = table);
}

let lastOut: Uint8Array | undefined;
let lastView: DataView = new DataView(new ArrayBuffer(0));

/** A DataView over `out`, made once for the buffer written to (a dump writes to one buffer). */
function viewOf(out: Uint8Array): DataView {
  if (out !== lastOut) {
    lastOut = out;
    lastView = new DataView(out.buffer, out.byteOffset, out.byteLength);
  }
  return lastView;
}

/** Writes a value below 10^8 with no leading zeros. */
function writeLeading(out: Uint8Array, pos: number, value: number): number {
  if (value >= 10000) {
    const high = (value / 10000) | 0;
    pos = writeLeading(out, pos, high);
    viewOf(out).setUint32(pos, (quads ?? makeQuads())[value - high * 10000], true);
    return pos + 4;
  }
  // Below 10^4: digit by digit, so that a few small values never build the table.
  if (value >= 1000) out[pos++] = 48 + ((value / 1000) | 0);
  if (value >= 100) out[pos++] = 48 + (((value / 100) | 0) % 10);
  if (value >= 10) out[pos++] = 48 + (((value / 10) | 0) % 10);
  out[pos++] = 48 + (value % 10);
  return pos;
}

/** Writes a value below 10^8 as exactly eight digits, zeros first, at `pos` of `view`. */
function writeEight(view: DataView, pos: number, value: number): void {
  const table = quads ?? makeQuads();
  const high = (value / 10000) | 0;
  view.setUint32(pos, table[high], true);
  view.setUint32(pos + 4, table[value - high * 10000], true);
}

/**
 * The value of a plain decimal integer (`-` allowed, nothing else): a number when it has at most
 * 15 digits (so is exact), else a BigInt; null for anything that is not such an integer.
 */
export function decimal(text: string): number | bigint | null {
  const len = text.length;
  const start = text.charCodeAt(0) === MINUS ? 1 : 0;
  if (start === len) return null;
  let n = 0;
  for (let i = start; i < len; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  if (len - start > 15) return BigInt(text);
  return start === 1 ? -n : n;
}
