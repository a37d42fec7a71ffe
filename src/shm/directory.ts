import { closeSync, constants, lstatSync, openSync, readdirSync } from 'node:fs';
import { libc } from './libc';
import { SHM_DIR, shmFileBytes } from './shm-file';

/** What lstat says of one file of /dev/shm: the facts `--info` and `--list` show. */
export interface FileFacts {
  /** The file name as text: UTF-8, or where it is not valid UTF-8, its bytes above 0x7f as `\xNN`. */
  readonly name: string;
  /** The name's bytes, where they are not valid UTF-8: what to unlink by, since `name` only shows them. */
  readonly bytes?: Buffer;
  readonly isFile: boolean;
  readonly size: number;
  /** 512-byte blocks it occupies. */
  readonly blocks: number;
  /** Permission bits and the set-id and sticky bits, without the file type. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

/**
 * Every entry of /dev/shm with its facts, in directory order; entries removed meanwhile are left
 * out. One statx per entry through the FFI, into one buffer: a Node lstat makes an object and four
 * dates per file, which with thousands of segments costs more than the calls themselves.
 */
export function shmDirectory(): FileFacts[] {
  const out: FileFacts[] = [];
  let odd = false;
  const dir = openSync(SHM_DIR, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    const buf = new Uint8Array(256);
    const view = new DataView(buf.buffer);
    const c = libc();
    for (const name of readdirSync(SHM_DIR)) {
      // Not valid UTF-8 (or U+FFFD itself): read below, by its bytes.
      if (name.includes('\ufffd')) odd = true;
      else if (c.statxAt(dir, name, buf)) out.push(fromStatx(name, view));
    }
  } finally {
    closeSync(dir);
  }
  return odd ? [...out, ...oddNames()] : out;
}

/** The facts from a `struct statx` (Linux's uapi layout, the same on every architecture). */
function fromStatx(name: string, view: DataView): FileFacts {
  const mode = view.getUint16(28, true);
  return {
    name,
    isFile: (mode & S_IFMT) === S_IFREG,
    size: u64(view, 40),
    blocks: u64(view, 48),
    mode: mode & 0o7777,
    uid: view.getUint32(20, true),
    gid: view.getUint32(24, true),
    ctimeMs: milliseconds(view, 96),
    mtimeMs: milliseconds(view, 112),
  };
}

function u64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
}

/** A `struct statx_timestamp` (64-bit seconds, then nanoseconds) in milliseconds, as Node's `mtimeMs`. */
function milliseconds(view: DataView, at: number): number {
  return (view.getUint32(at, true) + view.getInt32(at + 4, true) * 2 ** 32) * 1000 + view.getUint32(at + 8, true) / 1e6;
}

/** Entries whose names are not valid UTF-8 (rare), read by their bytes with Node's lstat. */
function oddNames(): FileFacts[] {
  const out: FileFacts[] = [];
  for (const entry of readdirSync(SHM_DIR, { encoding: 'buffer' })) {
    if (!entry.toString('utf8').includes('\ufffd')) continue;
    const st = lstatSync(shmFileBytes(entry), { throwIfNoEntry: false });
    if (st === undefined) continue;
    const { size, blocks, uid, gid, mtimeMs, ctimeMs } = st;
    out.push({
      name: nameText(entry),
      bytes: entry,
      isFile: st.isFile(),
      size,
      blocks,
      mode: st.mode & 0o7777,
      uid,
      gid,
      mtimeMs,
      ctimeMs,
    });
  }
  return out;
}

/** A file name as text: UTF-8, or, where it is not valid UTF-8, its bytes above 0x7f as `\xNN`. */
function nameText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (Buffer.from(text).equals(bytes)) return text;
  return [...bytes].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}
