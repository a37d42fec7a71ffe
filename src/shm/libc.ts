import type * as KoffiModule from 'koffi';
import { constants } from 'node:fs';
import { ShmError } from '../model/errors';

/** The koffi module, as its own typings describe it. */
export type Koffi = typeof KoffiModule;

// Required on first use, not imported: a run that makes no system call never loads the FFI.
// eslint-disable-next-line @typescript-eslint/no-require-imports
let loadKoffi = (): Koffi => require('koffi') as Koffi;

/** Chooses how koffi is loaded (the tools load its native build directly); call it before the first {@link libc}. */
export function useKoffi(load: () => Koffi): void {
  loadKoffi = load;
}

/** Flags and constants of the calls below, as Linux defines them. */
export const O = {
  RDONLY: constants.O_RDONLY,
  RDWR: constants.O_RDWR,
  CREAT: constants.O_CREAT,
  EXCL: constants.O_EXCL,
  NONBLOCK: constants.O_NONBLOCK,
};
/** `flock` operations. */
export const LOCK = { SH: 1, EX: 2, NB: 4, UN: 8 } as const;

const POLLERR = 0x8;
const SEEK_DATA = 3;
const AT_SYMLINK_NOFOLLOW = 0x100;
const STATX_BASIC_STATS = 0x7ff;

/**
 * The narrow, typed seam to libc. Each call checks its own return value and only then reads
 * `errno`, throwing a {@link ShmError} that names the call and the segment (`seg`).
 */
export interface Libc {
  /** Opens `seg`; an error names `label` (the name a caller knows it by), `seg` by default. */
  shmOpen(seg: string, flags: number, mode: number, label?: string): number;
  shmUnlink(seg: string): void;
  ftruncate(fd: number, length: number, seg: string): void;
  fchmod(fd: number, mode: number, seg: string): void;
  /** Reserves the pages backing [offset, offset + length): a full /dev/shm fails here, before anything changes. */
  posixFallocate(fd: number, offset: number, length: number, seg: string): void;
  close(fd: number, seg: string): void;
  /** False where a LOCK_NB request finds the lock taken (EWOULDBLOCK). */
  flock(fd: number, operation: number, seg: string): boolean;
  /** The first offset at or after `offset` that holds data (lseek SEEK_DATA), or -1 when only a hole follows. */
  seekData(fd: number, offset: number, seg: string): number;
  isatty(fd: number): boolean;
  /**
   * statx of `name` in the directory `dirFd`, links not followed, into `out` (a `struct statx`, 256
   * bytes); false where it is gone (ENOENT). Cheaper than Node's lstat for thousands of files.
   */
  statxAt(dirFd: number, name: string, out: Uint8Array): boolean;
  /** Whether `fd` is a pipe whose reader has gone (poll reports POLLERR), without writing to it. */
  readerGone(fd: number): boolean;
  /**
   * The extended attribute `attr` of the file at a path, links not followed (lgetxattr), or of an
   * open file (fgetxattr): see {@link AttributeRead} (a file that is gone has none).
   */
  getAttribute(file: string | number, attr: string, seg: string): AttributeRead;
  /** Sets the attribute `attr` of the open file `fd` (fsetxattr), and says whether it was stored. */
  setAttribute(fd: number, attr: string, value: string, seg: string): AttributeWrite;
  /** Removes it (fremovexattr), where there is one. */
  removeAttribute(fd: number, attr: string, seg: string): void;
}

/** An attribute read: its text, or why there is none: `absent`, `unsupported` (its file system keeps none), `denied` (this user may not read it). */
export type AttributeRead = { readonly text: string } | 'absent' | 'unsupported' | 'denied';

/**
 * What became of an attribute set: stored; not, as the file system keeps no user attributes; not,
 * as it is larger than one attribute may be (64 KiB); not, as the file system has no room left for it.
 */
export type AttributeWrite = 'stored' | 'unsupported' | 'too-large' | 'no-room';

let cached: Libc | undefined;

/** The libc binding, loaded on first use, so that a run that makes no system call never loads the FFI. */
export function libc(): Libc {
  cached ??= load();
  return cached;
}

type Fn = (...args: unknown[]) => unknown;

function hasSymbol(lib: { func(decl: string): unknown }, name: string): boolean {
  try {
    lib.func(`void ${name}(void)`);
    return true;
  } catch {
    return false;
  }
}

function load(): Libc {
  if (process.platform !== 'linux') {
    throw new ShmError('EUNSUPPORTED', `POSIX shared memory through libc is supported on Linux only, not ${process.platform}`);
  }
  // Loaded lazily: loading the FFI is the largest part of start-up.
  const koffi = loadKoffi();
  const lc = koffi.load('libc.so.6');
  // Each function is declared on its first call: a run uses only some of them.
  const fn = (lib: () => typeof lc, decl: string): Fn => {
    let f: Fn | undefined;
    return (...args) => (f ??= lib().func(decl) as Fn)(...args);
  };
  // glibc before 2.34 exports shm_open and shm_unlink from librt only.
  let rt: typeof lc | undefined;
  const librt = () => (rt ??= hasSymbol(lc, 'shm_open') ? lc : koffi.load('librt.so.1'));
  const shmOpen = fn(librt, 'int shm_open(const char *name, int oflag, uint32_t mode)');
  const shmUnlink = fn(librt, 'int shm_unlink(const char *name)');
  const libcSo = () => lc;
  const ftruncate = fn(libcSo, 'int ftruncate(int fd, int64_t length)');
  const fchmod = fn(libcSo, 'int fchmod(int fd, uint32_t mode)');
  const fallocate = fn(libcSo, 'int posix_fallocate(int fd, int64_t offset, int64_t len)');
  const close = fn(libcSo, 'int close(int fd)');
  const flock = fn(libcSo, 'int flock(int fd, int operation)');
  const isatty = fn(libcSo, 'int isatty(int fd)');
  const lseek = fn(libcSo, 'int64_t lseek(int fd, int64_t offset, int whence)');
  const poll = fn(libcSo, 'int poll(void *fds, uint64_t nfds, int timeout)');
  const fsetxattr = fn(libcSo, 'int fsetxattr(int fd, const char *name, const void *value, uint64_t size, int flags)');
  const fgetxattr = fn(libcSo, 'int64_t fgetxattr(int fd, const char *name, void *value, uint64_t size)');
  const fremovexattr = fn(libcSo, 'int fremovexattr(int fd, const char *name)');
  // Called once per file of a listing: declared on first use and called without the wrapper's spread.
  let statx: Fn | undefined;
  let lgetxattr: Fn | undefined;
  const attributeBuffer = Buffer.allocUnsafe(4096);

  const fail = (syscall: string, seg: string): never => {
    throw ShmError.fromErrno(koffi.errno(), syscall, seg);
  };
  const check = (ret: unknown, syscall: string, seg: string): void => {
    if (ret === -1) fail(syscall, seg);
  };

  return {
    shmOpen(seg, flags, mode, label = seg) {
      const fd = shmOpen(seg, flags, mode) as number;
      if (fd === -1) fail('shm_open', label);
      return fd;
    },
    shmUnlink: (seg) => check(shmUnlink(seg), 'shm_unlink', seg),
    ftruncate: (fd, length, seg) => check(ftruncate(fd, length), 'ftruncate', seg),
    fchmod: (fd, mode, seg) => check(fchmod(fd, mode), 'fchmod', seg),
    posixFallocate(fd, offset, length, seg) {
      // posix_fallocate returns the error number itself and leaves errno alone.
      const err = fallocate(fd, offset, length) as number;
      if (err !== 0) throw ShmError.fromErrno(err, 'posix_fallocate', seg);
    },
    close: (fd, seg) => check(close(fd), 'close', seg),
    flock(fd, operation, seg) {
      if (flock(fd, operation) === 0) return true;
      const errno = koffi.errno();
      if (errno === koffi.os.errno.EWOULDBLOCK) return false;
      throw ShmError.fromErrno(errno, 'flock', seg);
    },
    seekData(fd, offset, seg) {
      const at = Number(lseek(fd, offset, SEEK_DATA));
      if (at !== -1) return at;
      const errno = koffi.errno();
      if (errno === koffi.os.errno.ENXIO) return -1;
      throw ShmError.fromErrno(errno, 'lseek', seg);
    },
    statxAt(dirFd, name, out) {
      statx ??= lc.func('int statx(int dirfd, const char *path, int flags, uint32_t mask, _Out_ uint8_t *out)') as Fn;
      if (statx(dirFd, name, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, out) === 0) return true;
      const errno = koffi.errno();
      if (errno === koffi.os.errno.ENOENT) return false;
      throw ShmError.fromErrno(errno, 'statx', name);
    },
    // Here rather than node:tty, whose load (it brings in node:net) costs more than all our start-up.
    isatty: (fd) => isatty(fd) === 1,
    getAttribute(file, attr, seg) {
      const { EACCES, ENODATA, ENOENT, ENOTSUP, EOPNOTSUPP, ERANGE } = koffi.os.errno;
      // Called once per segment of a listing: declared once, called without the wrapper's spread, into one buffer.
      lgetxattr ??= lc.func('int64_t lgetxattr(const char *path, const char *name, void *value, uint64_t size)') as Fn;
      const get = typeof file === 'number' ? fgetxattr : lgetxattr;
      for (let room = attributeBuffer.length; ;) {
        const value = room === attributeBuffer.length ? attributeBuffer : Buffer.allocUnsafe(room);
        const n = Number(get(file, attr, value, room));
        if (n >= 0) return { text: value.toString('utf8', 0, n) };
        const errno = koffi.errno();
        if (errno === ENODATA || errno === ENOENT) return 'absent';
        if (errno === EACCES) return 'denied';
        if (errno === ENOTSUP || errno === EOPNOTSUPP) return 'unsupported';
        if (errno !== ERANGE) throw ShmError.fromErrno(errno, 'getxattr', seg);
        // Larger than the room given: ask how large, and read again (it may have changed meanwhile).
        room = Math.max(room * 2, Number(get(file, attr, null, 0)));
      }
    },
    setAttribute(fd, attr, value, seg) {
      const bytes = Buffer.from(value);
      if (fsetxattr(fd, attr, bytes, bytes.length, 0) === 0) return 'stored';
      const errno = koffi.errno();
      const { ENOTSUP, EOPNOTSUPP, E2BIG, ENOSPC, ERANGE } = koffi.os.errno;
      if (errno === ENOTSUP || errno === EOPNOTSUPP) return 'unsupported';
      // Over the kernel's 64 KiB for one attribute (E2BIG), or its file system's own limit (ERANGE).
      if (errno === E2BIG || errno === ERANGE) return 'too-large';
      if (errno === ENOSPC) return 'no-room';
      throw ShmError.fromErrno(errno, 'fsetxattr', seg);
    },
    removeAttribute(fd, attr, seg) {
      if (fremovexattr(fd, attr) === 0) return;
      const errno = koffi.errno();
      const { ENODATA, ENOTSUP, EOPNOTSUPP } = koffi.os.errno;
      if (errno !== ENODATA && errno !== ENOTSUP && errno !== EOPNOTSUPP) throw ShmError.fromErrno(errno, 'fremovexattr', seg);
    },
    readerGone(fd) {
      // struct pollfd { int fd; short events; short revents; }, asking for no event: errors only.
      const pollfd = Buffer.alloc(8);
      pollfd.writeInt32LE(fd, 0);
      return (poll(pollfd, 1, 0) as number) === 1 && (pollfd.readInt16LE(6) & POLLERR) !== 0;
    },
  };
}
