const MINUS = 45;
const POW10 = Array.from({ length: 10 }, (_, k) => 10 ** k);

/** "00" to "99" as character codes: two digits per division. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

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
  // Long division by 10^8 over 16-bit limbs: every step stays below 2^53, and so does the quotient.
  let cur = hi >>> 16;
  let q = Math.floor(cur / 1e8);
  let r = cur - q * 1e8;
  cur = r * 65536 + (hi & 0xffff);
  let d = Math.floor(cur / 1e8);
  q = q * 65536 + d;
  r = cur - d * 1e8;
  cur = r * 65536 + (lo >>> 16);
  d = Math.floor(cur / 1e8);
  q = q * 65536 + d;
  r = cur - d * 1e8;
  cur = r * 65536 + (lo & 0xffff);
  d = Math.floor(cur / 1e8);
  q = q * 65536 + d;
  r = cur - d * 1e8;
  return writeEight(out, writeNumber(out, pos, q), r);
}

/**
 * The two 32-bit words (unsigned) of the integer whose decimal digits are `bytes[start, end)`
 * (at most 20 of them, nothing else), negated (two's complement) when `negative`, into `words`;
 * false when it does not fit the signed or unsigned 64-bit range.
 */
export function parseWide(bytes: Uint8Array, start: number, end: number, negative: boolean, signed: boolean, words: Uint32Array): boolean {
  if (end - start > 20) return false;
  const split = Math.max(start, end - 9);
  let high = 0;
  for (let i = start; i < split; i++) high = high * 10 + (bytes[i] - 48);
  let low = 0;
  for (let i = split; i < end; i++) low = low * 10 + (bytes[i] - 48);
  // value = high * 10^9 + low, built as hi * 2^32 + lo with every product below 2^53.
  const hH = Math.floor(high / 65536);
  const t = hH * 1e9;
  const u = (high - hH * 65536) * 1e9 + low;
  const tHi = Math.floor(t / 65536);
  const uHi = Math.floor(u / TWO32);
  let lo = (t - tHi * 65536) * 65536 + (u - uHi * TWO32);
  let hi = tHi + uHi;
  if (lo >= TWO32) {
    lo -= TWO32;
    hi++;
  }
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

/** The same for an integral number below 2^53 in magnitude, in integer arithmetic where it can. */
export function writeNumber(out: Uint8Array, pos: number, value: number): number {
  let x = value;
  if (x < 0) {
    out[pos++] = MINUS;
    x = -x;
  }
  if (x < 2147483648) return writeSmall(out, pos, x | 0);
  // Below 2^53, x / 10^8 is below 2^31: two integer halves, the low one written as 8 digits.
  const high = Math.floor(x / 1e8);
  return writeEight(out, writeSmall(out, pos, high), (x - high * 1e8) | 0);
}

/** Writes a non-negative 31-bit integer, two digits per division. */
function writeSmall(out: Uint8Array, pos: number, value: number): number {
  let y = value;
  let digits = 1;
  while (digits < 10 && y >= POW10[digits]) digits++;
  const end = pos + digits;
  let p = end;
  while (y >= 100) {
    const q = (y / 100) | 0;
    const r = (y - q * 100) * 2;
    out[--p] = PAIRS[r + 1];
    out[--p] = PAIRS[r];
    y = q;
  }
  if (y >= 10) {
    out[p - 1] = PAIRS[y * 2 + 1];
    out[p - 2] = PAIRS[y * 2];
  } else out[p - 1] = 48 + y;
  return end;
}

/** Writes a value below 10^8 as exactly eight digits, zeros first. */
function writeEight(out: Uint8Array, pos: number, value: number): number {
  let y = value;
  for (let p = pos + 8; p > pos;) {
    const q = (y / 100) | 0;
    const r = (y - q * 100) * 2;
    out[--p] = PAIRS[r + 1];
    out[--p] = PAIRS[r];
    y = q;
  }
  return pos + 8;
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
