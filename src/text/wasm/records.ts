// AssemblyScript, compiled to dist/records.wasm by `npm run build`: the loops that turn records of
// integer fields into text and back, at native speed. src/text/wasm-records.ts drives it, and the
// JavaScript in src/text/ does the same job where WebAssembly is not used, to the byte.
//
// No runtime, no allocation: the caller lays everything out past heapBase(). A template says how a
// record looks as text: for each field its type (0 int8, 1 uint8, 2 int16, 3 uint16, 4 int32,
// 5 uint32, 6 int64, 7 uint64), its offset in the record and the literal text before its value,
// then the literal text after the last value, without the newline; for a format with a lead, the
// literals before and after each record's index. All u32, little-endian:
//   [fields] then per field [type, offset, literal start, literal length] then [after start, after length]
//   then, with a lead, [head start, head length, gap start, gap length]
// with literal starts counted from the template's first byte.

const NL: u32 = 10;
const CR: u32 = 13;
const MINUS: u32 = 45;

// "0000" to "9999", four ASCII digits per entry read as one little-endian u32; filled at instantiation.
const QUADS: usize = memory.data(40000, 4);
for (let i: u32 = 0; i < 10000; i++) {
  const a = i / 1000;
  const b = (i / 100) % 10;
  const c = (i / 10) % 10;
  const d = i % 10;
  store<u32>(QUADS + (<usize>i << 2), (48 + a) | ((48 + b) << 8) | ((48 + c) << 16) | ((48 + d) << 24));
}

let stoppedAt: usize = 0;

/** The first byte the caller may use. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Where the last {@link parse} stopped: the start of the first line it did not take, or its end. */
export function stopped(): usize {
  return stoppedAt;
}

/**
 * Reads the lines of `[src, end)` (which ends with a newline) into records of `size` bytes at `dst`,
 * at most `max` of them, and returns how many. It stops at the first line that is not exactly a
 * record as the template writes it (a `\r` before the newline allowed), or whose values do not fit
 * their fields: {@link stopped} says where, for the caller to read that line its own way.
 */
export function parse(tpl: usize, src: usize, end: usize, dst: usize, size: u32, max: u32): u32 {
  const fields = load<u32>(tpl);
  const after = tpl + 4 + fields * 16;
  let p = src;
  let count: u32 = 0;
  while (count < max && p < end) {
    const out = dst + <usize>count * size;
    // Padding between fields is zero, as a record of the JavaScript path has it.
    memory.fill(out, 0, size);
    let q = p;
    for (let f: u32 = 0; f < fields && q != 0; f++) {
      const spec = tpl + 4 + f * 16;
      q = literal(q, tpl + load<u32>(spec, 8), load<u32>(spec, 12));
      if (q != 0) q = integer(q, load<u32>(spec), out + load<u32>(spec, 4));
    }
    if (q != 0) q = literal(q, tpl + load<u32>(after), load<u32>(after, 4));
    if (q == 0) break;
    if (load<u8>(q) == CR) q++;
    if (load<u8>(q) != NL) break;
    p = q + 1;
    count++;
  }
  stoppedAt = p;
  return count;
}

/** Past the `length` bytes at `text` if `p` starts with them, else 0. */
// @ts-ignore: decorator
@inline function literal(p: usize, text: usize, length: u32): usize {
  for (let k: usize = 0; k < length; k++) if (load<u8>(p + k) != load<u8>(text + k)) return 0;
  return p + length;
}

/** Reads a decimal integer (`-` allowed, 1 to 20 digits) at `p` into a field of `type` at `at`: past it, or 0 if it does not fit. */
// @ts-ignore: decorator
@inline function integer(p: usize, type: u32, at: usize): usize {
  const negative = load<u8>(p) == MINUS;
  if (negative) p++;
  const first = p;
  let m: u64 = 0;
  let d: u32 = <u32>load<u8>(p) - 48;
  while (d <= 9) {
    m = m * 10 + d;
    d = <u32>load<u8>(++p) - 48;
  }
  const digits = p - first;
  if (digits - 1 >= 19) {
    // No digits, or 20 and more: 19 never overflow 64 bits, a 20th may, more are refused.
    if (digits != 20) return 0;
    m = 0;
    for (let k: usize = 0; k < 19; k++) m = m * 10 + (<u64>load<u8>(first + k) - 48);
    const last = <u64>load<u8>(first + 19) - 48;
    if (m > 1844674407370955161 || (m == 1844674407370955161 && last > 5)) return 0;
    m = m * 10 + last;
  }
  const bits: u64 = 8 << (type >> 1);
  const signed = (type & 1) == 0;
  if (signed) {
    if (m > (<u64>1 << (bits - 1)) - 1 + <u64>negative) return 0;
  } else if (negative ? m != 0 : bits < 64 && m > (<u64>1 << bits) - 1) return 0;
  const value = negative ? 0 - m : m;
  if (bits == 8) store<u8>(at, <u8>value);
  else if (bits == 16) store<u16>(at, <u16>value);
  else if (bits == 32) store<u32>(at, <u32>value);
  else store<u64>(at, value);
  return p;
}

/**
 * Writes `count` records of `size` bytes at `src` as text at `dst`, one line each, as the template
 * says; returns the bytes written. `dst` needs, per record, the template's literals, 21 bytes a
 * field, a newline, and 16 bytes of slack at the end; the template, 16 bytes after its last literal.
 */
export function format(tpl: usize, src: usize, count: u32, size: u32, dst: usize, firstIndex: u64, lead: bool): usize {
  const fields = load<u32>(tpl);
  const after = tpl + 4 + fields * 16;
  // With a lead (as --watch prints): a literal, the record's index, another literal, before the values.
  const head = after + 8;
  let p = dst;
  for (let i: u32 = 0; i < count; i++) {
    const record = src + <usize>i * size;
    if (lead) {
      p = copy(p, tpl + load<u32>(head), load<u32>(head, 4));
      p = digits(p, firstIndex + i);
      p = copy(p, tpl + load<u32>(head, 8), load<u32>(head, 12));
    }
    for (let f: u32 = 0; f < fields; f++) {
      const spec = tpl + 4 + f * 16;
      p = copy(p, tpl + load<u32>(spec, 8), load<u32>(spec, 12));
      p = decimal(p, load<u32>(spec), record + load<u32>(spec, 4));
    }
    p = copy(p, tpl + load<u32>(after), load<u32>(after, 4));
    store<u8>(p++, <u8>NL);
  }
  return p - dst;
}

/** Copies a literal; one of up to 16 bytes as two 8-byte moves, which may write past it: later writes, or the slack, cover that. */
// @ts-ignore: decorator
@inline function copy(p: usize, text: usize, length: u32): usize {
  if (length <= 16) {
    store<u64>(p, load<u64>(text));
    if (length > 8) store<u64>(p + 8, load<u64>(text + 8));
  } else memory.copy(p, text, length);
  return p + length;
}

/** Writes the value of the field of `type` at `at` in decimal; returns past it. */
// @ts-ignore: decorator
@inline function decimal(p: usize, type: u32, at: usize): usize {
  let m: u64;
  let negative = false;
  if ((type & 1) == 0) {
    // Signed: sign-extended to 64 bits; the magnitude of -2^63 wraps to itself, which read unsigned is 2^63.
    const x = type == 0 ? <i64>load<i8>(at) : type == 2 ? <i64>load<i16>(at) : type == 4 ? <i64>load<i32>(at) : load<i64>(at);
    negative = x < 0;
    m = <u64>(negative ? 0 - x : x);
  } else m = type == 1 ? <u64>load<u8>(at) : type == 3 ? <u64>load<u16>(at) : type == 5 ? <u64>load<u32>(at) : load<u64>(at);
  if (negative) store<u8>(p++, <u8>MINUS);
  return digits(p, m);
}

/** Writes `m` in decimal; returns past it. */
function digits(p: usize, m: u64): usize {
  if (m < 100000000) return leading(p, <u32>m);
  if (m < 10000000000000000) {
    const high = m / 100000000;
    p = leading(p, <u32>high);
    eight(p, <u32>(m - high * 100000000));
    return p + 8;
  }
  const top = m / 10000000000000000;
  const rest = m - top * 10000000000000000;
  const middle = rest / 100000000;
  p = leading(p, <u32>top);
  eight(p, <u32>middle);
  eight(p + 8, <u32>(rest - middle * 100000000));
  return p + 16;
}

// @ts-ignore: decorator
@inline function width(v: u32): u32 {
  return 1 + <u32>(v >= 10) + <u32>(v >= 100) + <u32>(v >= 1000);
}

/** Writes `v` (below 10^8) without leading zeros; may write up to 3 bytes past its end, which later writes cover. */
// @ts-ignore: decorator
@inline function leading(p: usize, v: u32): usize {
  if (v < 10000) {
    const n = width(v);
    store<u32>(p, load<u32>(QUADS + (<usize>v << 2)) >> ((4 - n) << 3));
    return p + n;
  }
  const high = v / 10000;
  const n = width(high);
  store<u32>(p, load<u32>(QUADS + (<usize>high << 2)) >> ((4 - n) << 3));
  store<u32>(p + n, load<u32>(QUADS + (<usize>(v - high * 10000) << 2)));
  return p + n + 4;
}

/** Writes `v` (below 10^8) as exactly eight digits. */
// @ts-ignore: decorator
@inline function eight(p: usize, v: u32): void {
  const high = v / 10000;
  store<u32>(p, load<u32>(QUADS + (<usize>high << 2)));
  store<u32>(p + 4, load<u32>(QUADS + (<usize>(v - high * 10000) << 2)));
}
