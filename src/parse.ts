import { ShmError } from './errors';

/** The longest name a segment can have, in bytes, without its leading slash (NAME_MAX). */
export const NAME_MAX = 255;

/** The largest size or offset we handle exactly: sizes are JS numbers. */
export const MAX_BYTES = Number.MAX_SAFE_INTEGER;

const SIZE_FORMS = 'a whole number of bytes, optionally with a unit: K, M, G, T or KiB, MiB, GiB, TiB (powers of 1024), KB, MB, GB, TB (powers of 1000); e.g. 4096, 64K, 4G';

const UNITS: Readonly<Record<string, bigint>> = {
  '': 1n,
  ...Object.fromEntries(
    ['K', 'M', 'G', 'T'].flatMap((u, i) => {
      const bin = 1024n ** BigInt(i + 1);
      const dec = 1000n ** BigInt(i + 1);
      return [[u, bin], [u.toLowerCase(), bin], [`${u}iB`, bin], [`${u}B`, dec]];
    }),
  ),
};

/**
 * Validates a segment name and returns it with exactly one leading slash: `my_shm` and
 * `/my_shm` name the same segment, `/dev/shm/my_shm`.
 */
export function parseName(input: string): string {
  const bare = input.startsWith('/') ? input.slice(1) : input;
  const bad = (why: string) => ShmError.usage(`invalid segment name ${JSON.stringify(input)}: ${why}`);
  if (bare === '') throw bad('it is empty');
  if (bare.includes('/')) throw bad("only a leading '/' is allowed");
  if (bare === '.' || bare === '..') throw bad("'.' and '..' are not segment names");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(bare)) throw bad('it contains a control character');
  if (bare.includes('\ufffd')) throw bad('it is not valid UTF-8');
  if (Buffer.byteLength(bare) > NAME_MAX) throw bad(`it is longer than ${NAME_MAX} bytes`);
  return `/${bare}`;
}

/** Parses a size such as `4096`, `64K`, `4G` (4294967296) or `1GB` (10^9) into bytes. */
export function parseSize(input: string): number {
  const m = /^(\d+)([A-Za-z]*)$/.exec(input);
  const unit = m ? UNITS[m[2]] : undefined;
  if (!m || unit === undefined) throw ShmError.usage(`invalid size ${JSON.stringify(input)}: use ${SIZE_FORMS}`);
  const bytes = BigInt(m[1]) * unit;
  if (bytes === 0n) throw ShmError.usage(`invalid size ${JSON.stringify(input)}: a segment needs at least one byte`);
  if (bytes > BigInt(MAX_BYTES)) throw ShmError.usage(`invalid size ${JSON.stringify(input)}: at most ${MAX_BYTES} bytes`);
  return Number(bytes);
}

/** Parses a record index: a whole number, 0 or more. */
export function parseIndex(input: string): number {
  return parseWhole(input, '--index', 0);
}

/** Parses a record count: a whole number, 1 or more. */
export function parseCount(input: string): number {
  return parseWhole(input, '--count', 1);
}

/** Parses a polling interval in milliseconds: a whole number from 1 to 3600000. */
export function parseInterval(input: string): number {
  const n = parseWhole(input, '--interval', 1);
  if (n > 3_600_000) throw ShmError.usage(`--interval must be a whole number of milliseconds from 1 to 3600000, not ${JSON.stringify(input)}`);
  return n;
}

/** Parses permissions in octal, `600` or `0644`; special bits are refused. */
export function parseMode(input: string): number {
  if (!/^0?[0-7]{3}$/.test(input)) {
    throw ShmError.usage(`invalid mode ${JSON.stringify(input)}: use three octal digits such as 600 or 644`);
  }
  return parseInt(input, 8);
}

function parseWhole(input: string, flag: string, min: number): number {
  if (!/^\d+$/.test(input) || BigInt(input) < BigInt(min) || BigInt(input) > BigInt(MAX_BYTES)) {
    throw ShmError.usage(`${flag} must be a whole number from ${min} to ${MAX_BYTES}, not ${JSON.stringify(input)}`);
  }
  return Number(input);
}

/**
 * The value of a plain decimal integer (`-` allowed, nothing else): a number when it has at most
 * 15 digits (so is exact), else a BigInt; null for anything that is not such an integer.
 */
export function decimal(text: string): number | bigint | null {
  const len = text.length;
  const start = text.charCodeAt(0) === 45 ? 1 : 0;
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
