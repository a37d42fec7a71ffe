import { fstatSync, lstatSync, readSync, renameSync, writeSync } from 'node:fs';
import { CREATE_POLICIES, ShmError, type CreatePolicy } from '../model/errors';
import { describeValue } from '../model/limits';
import { readLayoutAttribute, removeLayoutAttribute, writeLayoutAttribute } from './layout-attribute';
import { libc, LOCK, O, type AttributeRead, type AttributeWrite } from './libc';
import { notSegment, openExisting, shmFile, withOwnership } from './shm-file';

export type { CreatePolicy };

/** Options of {@link Segment.open}. */
export interface OpenOptions {
  /** `read` opens read-only; `write` read-write. */
  readonly access: 'read' | 'write';
  /** Ignored for `read`, which never creates. Default `never`. */
  readonly create?: CreatePolicy;
  /** Permissions of a segment this call creates, applied exactly whatever the umask. Default 0o600. */
  readonly mode?: number;
}

/** Options of the wrong type are usage errors before any system call, not the FFI's TypeErrors. */
function checkOpenOptions({ access, create, mode }: OpenOptions): void {
  if (access !== 'read' && access !== 'write') throw ShmError.usage(`access is 'read' or 'write', not ${describeValue(access)}`);
  if (create !== undefined && !(CREATE_POLICIES as readonly string[]).includes(create))
    throw ShmError.usage(`create is one of ${CREATE_POLICIES.map((p) => `'${p}'`).join(', ')}, not ${describeValue(create)}`);
  if (mode !== undefined && !(Number.isInteger(mode) && mode >= 0 && mode <= 0o7777))
    throw ShmError.usage(`mode is a number of permission bits from 0 to 0o7777 (e.g. 0o644), not ${describeValue(mode)}`);
}

/** A shared lock for readers, an exclusive one for writers. */
export type LockKind = 'shared' | 'exclusive';

const LOCKS = { shared: LOCK.SH, exclusive: LOCK.EX } as const;

/** How often opening retries when another process creates or removes the segment under it. */
export const OPEN_RETRIES = 8;

/** An open POSIX shared-memory segment: a descriptor, read and written with pread and pwrite (never mapped). */
export class Segment {
  private open = true;

  private constructor(
    /** The name with its leading slash. */
    readonly name: string,
    private readonly fd: number,
    readonly writable: boolean,
    /** Whether this open created the segment. */
    readonly created: boolean,
    /** Where a recreated segment is built until {@link publish} puts it under its name. */
    private aside?: string,
  ) {}

  /** Opens (or creates, by `create`) the segment `name`, which must already be validated. */
  static open(name: string, options: OpenOptions): Segment {
    checkOpenOptions(options);
    try {
      return Segment.openOrCreate(name, options);
    } catch (err) {
      if (!(err instanceof ShmError)) throw err;
      const asked = err.with({ access: options.access, create: options.access === 'write' ? (options.create ?? 'never') : undefined });
      throw err.code === 'EACCES' || err.code === 'EPERM' ? withOwnership(asked, name) : asked;
    }
  }

  private static openOrCreate(name: string, options: OpenOptions): Segment {
    const lib = libc();
    if (options.access === 'read') return new Segment(name, openExisting(name, O.RDONLY), false, false);
    const policy = options.create ?? 'never';
    const create = (aside?: string): Segment => {
      const fd = lib.shmOpen(aside ?? name, O.RDWR | O.CREAT | O.EXCL, 0o600, name);
      const seg = new Segment(name, fd, true, true, aside);
      try {
        lib.fchmod(fd, options.mode ?? 0o600, name);
      } catch (err) {
        seg.discard();
        throw err;
      }
      return seg;
    };
    switch (policy) {
      case 'never':
        return new Segment(name, openExisting(name, O.RDWR), true, false);
      case 'exclusive':
        return create();
      case 'recreate': {
        // What is under the name is replaced only if it is a segment: a planted link, FIFO or
        // directory is refused, as every other open refuses it.
        const st = lstatSync(shmFile(name), { throwIfNoEntry: false });
        if (st !== undefined && !st.isFile()) throw notSegment(name, st);
        // Built under a name of its own and renamed over the old one when written: until then the
        // old segment is untouched, and a failure (a full /dev/shm) leaves it as it was.
        const random = Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString('hex');
        return create(`/.${name.slice(1, 33)}.recreate-${process.pid}-${random}`);
      }
      case 'if-missing':
        for (let attempt = 0; ; attempt++) {
          try {
            return new Segment(name, openExisting(name, O.RDWR), true, false);
          } catch (err) {
            if (!(err instanceof ShmError && err.code === 'ENOENT') || attempt >= OPEN_RETRIES) throw err;
          }
          try {
            return create();
          } catch (err) {
            if (!(err instanceof ShmError && err.code === 'EEXIST') || attempt >= OPEN_RETRIES) throw err;
          }
        }
    }
  }

  /** The layout text stored with this segment (the one open, whatever is under its name now): see {@link readLayoutAttribute}. */
  storedLayout(): AttributeRead {
    return readLayoutAttribute(this.name, this.fd);
  }

  /** Stores layout text with the segment, for readers to find; where it cannot be kept, nothing fails. */
  describe(text: string): AttributeWrite {
    return writeLayoutAttribute(this.fd, text, this.name);
  }

  /** Removes the layout text stored with the segment, where there is one. */
  forgetLayout(): void {
    removeLayoutAttribute(this.fd, this.name);
  }

  /**
   * Puts a recreated segment under its name, in one step (rename), replacing whatever was there;
   * processes that have the old one open keep it. Does nothing for a segment already there.
   */
  publish(): void {
    if (this.aside === undefined) return;
    try {
      renameSync(shmFile(this.aside), shmFile(this.name));
    } catch (err) {
      const failed = ShmError.fromNode(err, 'rename', this.name);
      throw failed.code === 'EACCES' || failed.code === 'EPERM' ? withOwnership(failed, this.name) : failed;
    }
    this.aside = undefined;
  }

  /** Removes the name `name`; processes that have it open or mapped keep it until they close it. */
  static unlink(name: string, { missingOk = false } = {}): void {
    try {
      libc().shmUnlink(name);
    } catch (err) {
      if (missingOk && err instanceof ShmError && err.code === 'ENOENT') return;
      throw err instanceof ShmError && (err.code === 'EACCES' || err.code === 'EPERM') ? withOwnership(err, name) : err;
    }
  }

  /** The segment's size in bytes, from fstat: the only size we trust. */
  size(): number {
    return this.status().size;
  }

  /** The size, and whether the name has been removed (link count 0) while this descriptor stays open: one fstat. */
  status(): { size: number; removed: boolean } {
    try {
      const st = fstatSync(this.fd);
      return { size: st.size, removed: st.nlink === 0 };
    } catch (err) {
      throw ShmError.fromNode(err, 'fstat', this.name);
    }
  }

  /** The error for a segment whose name was removed while this process was `doing` something with it. */
  removedError(doing: string): ShmError {
    // Renamed over (as --recreate does) rather than removed: the name is there, but another segment.
    const how = lstatSync(shmFile(this.name), { throwIfNoEntry: false }) === undefined ? 'removed' : 'replaced';
    return new ShmError('ENOENT', `${this.name} was ${how} while being ${doing}`, { segment: this.name, reason: 'removed' });
  }

  /** The first offset at or after `offset` that holds data, or -1 when the rest is a hole (pages never written, reading as zeros). */
  nextData(offset: number): number {
    return libc().seekData(this.fd, offset, this.name);
  }

  /** Sets the size with ftruncate; growing adds zero bytes that take no memory until touched. */
  resize(bytes: number): void {
    libc().ftruncate(this.fd, bytes, this.name);
  }

  /** Allocates the pages behind a range now, so that a full /dev/shm fails before anything changes. */
  reserve(offset: number, length: number): void {
    libc().posixFallocate(this.fd, offset, length, this.name);
  }

  /** Takes (or with `unlock`, drops) the advisory flock on the segment's descriptor, waiting for it. */
  lock(kind: LockKind | 'unlock'): void {
    if (kind === 'unlock' && !this.open) return; // closing dropped it
    libc().flock(this.fd, kind === 'unlock' ? LOCK.UN : LOCKS[kind], this.name);
  }

  /** Takes the lock if it is free now; false, without waiting, if another process holds it. */
  tryLock(kind: LockKind): boolean {
    return libc().flock(this.fd, LOCKS[kind] | LOCK.NB, this.name);
  }

  /** Takes the lock, waiting without blocking the event loop, so that `signal` can stop the wait. */
  async lockAsync(kind: LockKind, signal?: AbortSignal): Promise<void> {
    for (let wait = 1; !this.tryLock(kind); wait = Math.min(wait * 2, 50)) {
      if (signal?.aborted) throw ShmError.interrupted(`waiting for the lock on ${this.name}`, this.name);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /**
   * Reads [offset, offset + length) with pread, has `fn` change those bytes, and writes them back
   * with pwrite. No mapping: another process that shrinks the segment meanwhile cannot make us die
   * of SIGBUS (bytes past its new end read as zeros, and the write extends it again).
   */
  update<T>(offset: number, length: number, fn: (bytes: Uint8Array) => T): T {
    this.mustWrite();
    const bytes = new Uint8Array(length);
    this.read(offset, length, bytes);
    const before = bytes.slice();
    const result = fn(bytes);
    // Only the bytes that changed are written: a program that does not take the lock and writes
    // another field of the same record meanwhile keeps its write.
    let first = 0;
    while (first < length && bytes[first] === before[first]) first++;
    let end = length;
    while (end > first && bytes[end - 1] === before[end - 1]) end--;
    if (first < end) this.write(offset + first, bytes.subarray(first, end));
    return result;
  }

  /** Writes `bytes` at `offset` with pwrite, extending the segment if it ends before them. */
  write(offset: number, bytes: Uint8Array): void {
    this.mustWrite();
    try {
      for (let done = 0; done < bytes.length;) done += writeSync(this.fd, bytes, done, bytes.length - done, offset + done);
    } catch (err) {
      throw ShmError.fromNode(err, 'pwrite', this.name);
    }
  }

  /**
   * Copies [offset, offset + length) out of the segment with pread, into `into` (which must hold
   * `length` bytes) or a new array, and returns the bytes read: fewer than `length` where the
   * segment ends sooner. pread never faults, and reading a hole (pages never written) gives zeros
   * without allocating it: a 4 GiB sparse segment read whole still occupies what it did.
   */
  read(offset: number, length: number, into?: Uint8Array): Uint8Array {
    const out = into === undefined ? new Uint8Array(length) : into.subarray(0, length);
    let done = 0;
    try {
      for (let n = -1; done < length && n !== 0; done += n) n = readSync(this.fd, out, done, length - done, offset + done);
    } catch (err) {
      throw ShmError.fromNode(err, 'pread', this.name);
    }
    return out.subarray(0, done);
  }

  private mustWrite(): void {
    if (!this.writable) throw new ShmError('EBADF', `${this.name} is open read-only`, { syscall: 'pwrite', segment: this.name });
  }

  /**
   * Removes this segment's name, if the name still is this segment (not one another process put
   * there since), and closes it: used to leave nothing behind when creating it failed half-way.
   */
  discard(): void {
    if (!this.open) return;
    const name = this.aside ?? this.name;
    try {
      const mine = fstatSync(this.fd);
      const named = lstatSync(shmFile(name), { throwIfNoEntry: false });
      if (named !== undefined && named.ino === mine.ino && named.dev === mine.dev) Segment.unlink(name, { missingOk: true });
    } finally {
      this.close();
    }
  }

  /** Closes the descriptor (and so drops the lock); safe to call twice. A recreated segment never published is removed. */
  close(): void {
    if (!this.open) return;
    if (this.aside !== undefined) Segment.unlink(this.aside, { missingOk: true });
    this.aside = undefined;
    this.open = false;
    libc().close(this.fd, this.name);
  }
}
