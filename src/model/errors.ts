import { getSystemErrorMap } from 'node:util';

/** Codes of our own, beside the errno names (`ENOENT`, `EACCES`...) a system call reports. */
export type ToolCode = 'EUSAGE' | 'ERANGE_RECORD' | 'EUNSUPPORTED' | 'EINTR' | 'ENOTSEGMENT';

/** Problems a caller may want to word its own way (the CLI names its flags for them). */
export type Reason = 'size-too-small' | 'would-shrink' | 'ambiguous-line' | 'no-match' | 'removed' | 'other-layout' | 'several-structs';

/** How a writer opens a segment: `never` create it, create it `if-missing`, only as a new one (`exclusive`), or `recreate` it. */
export type CreatePolicy = (typeof CREATE_POLICIES)[number];
/** Every {@link CreatePolicy}, to check one given at run time. */
export const CREATE_POLICIES = ['never', 'if-missing', 'exclusive', 'recreate'] as const;

/** What an error is about, as data: callers word their messages from these, never from the prose. */
export interface ErrorDetails {
  /** The system call that failed, when one did. */
  readonly syscall?: string;
  /** What the failed open asked for: to read or to write, and how to create. */
  readonly access?: 'read' | 'write';
  readonly create?: CreatePolicy;
  /** The segment's name, with its leading slash, when one is concerned. */
  readonly segment?: string;
  readonly reason?: Reason;
  /** The size asked for, and the segment's size when it was looked at. */
  readonly size?: number;
  readonly current?: number;
  /** The record concerned, and the byte its end needs. */
  readonly index?: number;
  readonly needed?: number;
  /** Who may use the segment, on a permission error. */
  readonly owner?: { readonly mode: number; readonly uid: number; readonly gid: number; readonly caller?: number };
  /** How far a bulk write got before it failed: `count` records from slot `first`. */
  readonly written?: { readonly first: number; readonly count: number };
  /** The input line at fault, counting from 1. */
  readonly line?: number;
}

/** The longest line {@link oneLine} makes. */
const MAX_MESSAGE = 1000;

/** Text with every control character (C0, DEL, C1) escaped: `\n`, `\t`, `\r`, else `\u001b`. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => ESCAPES.get(c) ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** How input is shown in a message: quoted as JSON quotes it, cut after 60 characters. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
}

/** A list in words, as messages say it: `a`, `a and b`, `a, b and c`. */
export function listWords(list: readonly string[]): string {
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** Text as one printable line: control characters escaped, at most {@link MAX_MESSAGE} characters. */
export function oneLine(text: string): string {
  const escaped = escapeControls(text);
  return escaped.length > MAX_MESSAGE ? `${escaped.slice(0, MAX_MESSAGE - 3)}...` : escaped;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

/** The one error class of the library: what failed, the errno code name, and the facts as data. */
export class ShmError extends Error {
  override readonly name = 'ShmError';

  constructor(
    /** An errno name such as `ENOENT`, or one of {@link ToolCode}. */
    readonly code: ToolCode | string,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(escapeControls(message));
  }

  /** The system call that failed, when one did. */
  get syscall(): string | undefined {
    return this.details.syscall;
  }

  /** The segment's name, with its leading slash, when one is concerned. */
  get segment(): string | undefined {
    return this.details.segment;
  }

  /** The same error with more facts and, if given, another message. */
  with(details: ErrorDetails, message = this.message): ShmError {
    return new ShmError(this.code, message, { ...this.details, ...details });
  }

  /** An error for invalid input: a bad value, a conflicting request. */
  static usage(message: string, details: ErrorDetails = {}): ShmError {
    return new ShmError('EUSAGE', message, details);
  }

  /** The error a job stopped by its AbortSignal (Ctrl-C, SIGTERM) ends with. */
  static interrupted(what: string, segment?: string): ShmError {
    return new ShmError('EINTR', `interrupted ${what}`, { segment });
  }

  /** An error for a failed system call, from the errno it reported. */
  static fromErrno(errno: number, syscall: string, segment?: string): ShmError {
    const [code, text] = getSystemErrorMap().get(-errno) ?? [`E${errno}`, `error ${errno}`];
    const what = segment === undefined ? syscall : `${syscall} ${segment}`;
    return new ShmError(code, `${what}: ${text} (${code})`, { syscall, segment });
  }

  /** Wraps an error thrown by Node's `fs` functions. */
  static fromNode(err: unknown, syscall: string, segment?: string): ShmError {
    if (err instanceof ShmError) return err;
    const e = err as NodeJS.ErrnoException | undefined;
    if (typeof e?.errno === 'number') return ShmError.fromErrno(Math.abs(e.errno), syscall, segment);
    return new ShmError('EIO', `${syscall}: ${String(e?.message ?? err)}`, { syscall, segment });
  }
}
