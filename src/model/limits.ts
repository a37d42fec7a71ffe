import { quote, ShmError } from './errors';
import type { Layout } from './layout';

/** The longest name a segment can have, in bytes, without its leading slash (NAME_MAX). */
export const NAME_MAX = 255;

/** The largest size or offset we handle exactly: sizes are JS numbers. */
export const MAX_BYTES = Number.MAX_SAFE_INTEGER;

/** About how many bytes of records one batch of a bulk read or write holds: each batch is locked and copied as one. */
const BATCH_BYTES = 1 << 20;

const SIZE_FORMS =
  'a whole number of bytes, optionally with a unit: K, M, G, T or KiB, MiB, GiB, TiB (powers of 1024), KB, MB, GB, TB (powers of 1000); e.g. 4096, 64K, 4G';

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['', 1n],
  ...['K', 'M', 'G', 'T'].flatMap((u, i): Array<[string, bigint]> => {
    const bin = 1024n ** BigInt(i + 1);
    return [
      [u, bin],
      [u.toLowerCase(), bin],
      [`${u}iB`, bin],
      [`${u}B`, 1000n ** BigInt(i + 1)],
    ];
  }),
]);

/**
 * Validates a segment name and returns it with exactly one leading slash: `my_shm` and
 * `/my_shm` name the same segment, `/dev/shm/my_shm`.
 */
export function parseName(input: string): string {
  if (typeof input !== 'string') throw ShmError.usage(`a segment name is a string, not ${describeValue(input)}`);
  const bare = input.startsWith('/') ? input.slice(1) : input;
  const bad = (why: string) => ShmError.usage(`invalid segment name ${quote(input)}: ${why}`);
  if (bare === '') throw bad('it is empty');
  if (bare.includes('/')) throw bad("only a leading '/' is allowed");
  if (bare === '.' || bare === '..') throw bad("'.' and '..' are not segment names");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(bare)) throw bad('it contains a control character');
  if (bare.includes('\ufffd')) throw bad('it is not valid UTF-8');
  if (Buffer.byteLength(bare) > NAME_MAX) throw bad(`it is longer than ${NAME_MAX} bytes`);
  return `/${bare}`;
}

/** Parses a size such as `4096`, `64K`, `4G` (4294967296) or `1GB` (10^9) into bytes. */
export function parseSize(input: string): number {
  const m = /^(\d+)([A-Za-z]*)$/.exec(input);
  const unit = m === null ? undefined : UNITS.get(m[2]);
  if (m === null || unit === undefined) throw ShmError.usage(`invalid size ${quote(input)}: use ${SIZE_FORMS}`);
  const bytes = BigInt(m[1]) * unit;
  if (bytes === 0n) throw ShmError.usage(`invalid size ${quote(input)}: a segment needs at least one byte`);
  if (bytes > BigInt(MAX_BYTES)) throw ShmError.usage(`invalid size ${quote(input)}: at most ${MAX_BYTES} bytes`);
  return Number(bytes);
}

/** Byte offset of record `index`, checked so that the record ends within what we address exactly. */
export function recordOffset(layout: Layout, index: number): number {
  if (!Number.isSafeInteger(index) || index < 0 || index >= recordSlots(layout)) throw outOfRange(layout, index);
  return index * layout.size;
}

/** The error for a record slot that cannot be addressed. */
export function outOfRange(layout: Layout, index: number): ShmError {
  return ShmError.usage(`record index ${index} is out of range: ${layout.size}-byte records end by byte ${MAX_BYTES}`, { index });
}

/** How many record slots can be addressed: the last one ends by byte {@link MAX_BYTES}. */
export function recordSlots(layout: Layout): number {
  return Math.floor(MAX_BYTES / layout.size);
}

/** Records per batch: about {@link BATCH_BYTES}, and at least one, however large a record is. */
export function recordsPerBatch(layout: Layout): number {
  return Math.max(1, Math.floor(BATCH_BYTES / layout.size));
}

/** What a value of the wrong type was, for a message: `the string "644"`, `the number 1.5`, `an object`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${quote(value)}`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  return value === null ? 'null' : value === undefined ? 'undefined' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** Whether a name given to remove is a pattern (`'tmp-*'`, `'run?'`, `'job[0-9]'`) rather than one name. */
export function isNamePattern(text: string): boolean {
  return /[*?[]/.test(text);
}

/**
 * A shell pattern over segment names as a RegExp: `*` any run of characters, `?` one, `[abc]`,
 * `[a-z]` and `[!a-z]` one of a set or not, a leading `.` only by a leading `.`; the leading `/` is
 * optional, as in names. The pattern
 * must first be a valid name (see {@link parseName}).
 */
export function namePattern(pattern: string): RegExp {
  const bare = parseName(pattern).slice(1);
  let source = '';
  for (let i = 0; i < bare.length; i++) {
    const c = bare[i];
    const close = c === '[' ? bare.indexOf(']', i + 2) : -1;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (close !== -1) {
      const set = bare.slice(i + 1, close);
      source += `[${set.startsWith('!') ? `^${escapeSet(set.slice(1))}` : escapeSet(set)}]`;
      i = close;
    } else source += c.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  }
  try {
    // As in the shell, a leading `.` is matched only by a pattern that starts with one.
    return new RegExp(`^${bare.startsWith('.') ? '' : '(?!\\.)'}${source}$`, 'su');
  } catch {
    throw ShmError.usage(`invalid pattern ${quote(pattern)}: a range in brackets goes from low to high, as in [a-z]`);
  }
}

/** A bracket expression's characters for a RegExp class: ranges kept, anything else literal. */
function escapeSet(set: string): string {
  return set.replace(/[\\^\]]/g, '\\$&');
}
