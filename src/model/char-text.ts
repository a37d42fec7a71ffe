/**
 * The string of a `char[N]` field and its bytes, both ways and losslessly. Bytes that are not
 * valid UTF-8 (a C program may store Latin-1) become the lone surrogates U+DC80 to U+DCFF, one
 * per byte, as Python's `surrogateescape` does; they turn back into the same bytes.
 */

/** A lone low surrogate standing for one byte that is not UTF-8 (no high surrogate before it). */
const ESCAPED_BYTE = /(?<![\ud800-\udbff])[\udc80-\udcff]/;
/** A surrogate with no partner: never valid text, and not one of ours when outside U+DC80 to U+DCFF. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The string held by `bytes` (up to a NUL, if any, is the caller's business): UTF-8, other bytes escaped. */
export function charText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const text = buffer.toString('utf8');
  // The common case: valid UTF-8, which has no replacement character or has it for real.
  if (!text.includes('\ufffd') || Buffer.from(text, 'utf8').equals(buffer)) return text;
  let out = '';
  let run = 0;
  for (let i = 0; i < bytes.length;) {
    const n = sequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += buffer.toString('utf8', run, i) + String.fromCharCode(0xdc00 + bytes[i]);
    run = ++i;
  }
  return out + buffer.toString('utf8', run);
}

/** The bytes of a string as {@link charText} reads them back. */
export function charBytes(text: string): Buffer {
  if (!ESCAPED_BYTE.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc80 || unit > 0xdcff || (i > 0 && isHigh(text.charCodeAt(i - 1)))) continue;
    parts.push(Buffer.from(text.slice(run, i), 'utf8'), Buffer.of(unit - 0xdc00));
    run = i + 1;
  }
  parts.push(Buffer.from(text.slice(run), 'utf8'));
  return Buffer.concat(parts);
}

/** How many bytes {@link charBytes} makes of a string. */
export function charByteLength(text: string): number {
  return ESCAPED_BYTE.test(text) ? charBytes(text).length : Buffer.byteLength(text, 'utf8');
}

/** Whether a string can be stored as it is: no NUL, and no lone surrogate other than an escaped byte. */
export function isCharText(text: string): boolean {
  if (text.includes('\0')) return false;
  for (const m of text.matchAll(LONE_SURROGATE)) {
    const unit = m[0].charCodeAt(0);
    if (unit < 0xdc80 || unit > 0xdcff) return false;
  }
  return true;
}

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** The length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    // No overlong forms (E0 80..9F) and no surrogates (ED A0..BF).
    const second = b === 0xe0 ? cont(1, 0xa0) : b === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
    return second && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    // No overlong forms (F0 80..8F) and nothing past U+10FFFF (F4 90..).
    const second = b === 0xf0 ? cont(1, 0x90) : b === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    return second && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
