import { fstatSync, lstatSync, statSync, type Stats } from 'node:fs';
import { ShmError } from '../model/errors';
import { libc, O } from './libc';

/** Where Linux keeps POSIX shared memory: segment `/x` is the file `/dev/shm/x`. */
export const SHM_DIR = '/dev/shm';

/** The file behind a segment name (with its leading slash). */
export function shmFile(name: string): string {
  return `${SHM_DIR}${name}`;
}

/** The file behind a name given as its raw bytes (not valid UTF-8, as `readdir` gave them). */
export function shmFileBytes(bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${SHM_DIR}/`), bytes]);
}

/** What is under a segment's name, not following a link: ENOENT if nothing, ENOTSEGMENT if not a regular file. */
export function statSegment(name: string): Stats {
  let st: Stats;
  try {
    st = lstatSync(shmFile(name));
  } catch (err) {
    throw ShmError.fromNode(err, 'stat', name);
  }
  if (!st.isFile()) throw notSegment(name, st);
  return st;
}

/** The error for a name under which lies something other than a segment. */
export function notSegment(name: string, st: Stats | undefined): ShmError {
  return new ShmError('ENOTSEGMENT', `${shmFile(name)} is ${fileKind(st)}, not a shared-memory segment`, { segment: name });
}

/** Adds who may use the segment to a permission error, as data: its mode, owner and group, and who asked. */
export function withOwnership(err: ShmError, name: string): ShmError {
  try {
    const st = statSync(shmFile(name));
    return err.with({ owner: { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, caller: process.getuid?.() } });
  } catch {
    return err;
  }
}

/** What a file that is not a segment is, for messages: `a FIFO`, `a directory`... */
function fileKind(st: Stats | undefined): string {
  if (st === undefined) return 'gone';
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : 'not a regular file';
}

/**
 * Opens an existing name, and checks that it is a segment: a regular file. Never blocks (a FIFO
 * planted under the name would block a plain open), never follows a link (glibc's shm_open adds
 * O_NOFOLLOW); anything else is an ENOTSEGMENT error that says what it is.
 */
export function openExisting(name: string, flags: number): number {
  const lib = libc();
  let fd: number;
  try {
    fd = lib.shmOpen(name, flags | O.NONBLOCK, 0);
  } catch (err) {
    // A link (ELOOP), a directory (EISDIR, or EINVAL from glibc): say what it is rather than the errno.
    let st: Stats | undefined;
    try {
      st = lstatSync(shmFile(name), { throwIfNoEntry: false });
    } catch {
      throw err;
    }
    throw st !== undefined && !st.isFile() ? notSegment(name, st) : err;
  }
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch (err) {
    lib.close(fd, name);
    throw ShmError.fromNode(err, 'fstat', name);
  }
  if (!st.isFile()) {
    lib.close(fd, name);
    throw notSegment(name, st);
  }
  return fd;
}
