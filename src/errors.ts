import { getSystemErrorMap } from 'node:util';

/** Codes of our own, beside the errno names (`ENOENT`, `EACCES`...) a system call reports. */
export type ToolCode = 'EUSAGE' | 'ERANGE_RECORD' | 'EUNSUPPORTED';

/** The one error class of the library: what failed, the errno code name, the system call and the segment. */
export class ShmError extends Error {
  override readonly name = 'ShmError';

  constructor(
    /** An errno name such as `ENOENT`, or one of {@link ToolCode}. */
    readonly code: ToolCode | string,
    message: string,
    /** The system call that failed, when one did. */
    readonly syscall?: string,
    /** The segment's name, with its leading slash, when one is concerned. */
    readonly segment?: string,
  ) {
    super(message);
  }

  /** An error for invalid input: a bad flag value, a conflicting request. */
  static usage(message: string, segment?: string): ShmError {
    return new ShmError('EUSAGE', message, undefined, segment);
  }

  /** An error for a failed system call, from the errno it reported. */
  static fromErrno(errno: number, syscall: string, segment?: string): ShmError {
    const [code, text] = getSystemErrorMap().get(-errno) ?? [`E${errno}`, `error ${errno}`];
    const what = segment === undefined ? syscall : `${syscall} ${segment}`;
    return new ShmError(code, `${what}: ${text} (${code})`, syscall, segment);
  }

  /** Wraps an error thrown by Node's `fs` functions on a descriptor. */
  static fromNode(err: unknown, syscall: string, segment?: string): ShmError {
    if (err instanceof ShmError) return err;
    const e = err as NodeJS.ErrnoException;
    if (typeof e?.errno === 'number') return ShmError.fromErrno(Math.abs(e.errno), syscall, segment);
    return new ShmError('EIO', `${syscall}: ${String(e?.message ?? err)}`, syscall, segment);
  }
}
