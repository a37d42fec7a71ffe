const MINUS = 45;
const POW10 = Array.from({ length: 10 }, (_, k) => 10 ** k);

/** "00" to "99" as character codes: two digits per division. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

/** The most characters an integer of up to 64 bits takes: a sign and 20 digits. */
export const MAX_DIGITS = 21;

/** Writes an integer's decimal digits into `out` at `pos`; returns the position after them. */
export function writeBigInt(out: Uint8Array, pos: number, value: bigint): number {
  const text = value.toString();
  for (let i = 0; i < text.length; i++) out[pos++] = text.charCodeAt(i);
  return pos;
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
