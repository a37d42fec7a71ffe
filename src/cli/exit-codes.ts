import { ShmError } from '../model/errors';
import type { Tool } from './tool';

/** A documented exit code: its number, what it means, and the error codes that end with it. */
export interface ExitCode {
  readonly code: number;
  /** What it means, for both tools: the README's table. */
  readonly meaning: string;
  readonly errors: readonly string[];
  /** What it means in one tool's `--help` where that differs; null where the tool never exits with it. */
  readonly tools?: Partial<Record<Tool<never>['name'], string | null>>;
}

/** The one table of exit codes: `--help` and the README show it, {@link exitCodeFor} applies it. */
export const EXIT_CODES = [
  { code: 0, meaning: 'success', errors: [] },
  {
    code: 1,
    meaning: "any other failure, e.g. a record past the segment's end, EEXIST with --exclusive",
    errors: [],
    tools: { 'shm-reader': "any other failure, e.g. a record past the segment's end" },
  },
  {
    code: 2,
    meaning:
      'invalid usage or input (bad flag, value, name, size, conflicting flags); nothing was changed (with --stdin, the lines before the bad one were written)',
    errors: ['EUSAGE'],
    tools: { 'shm-reader': 'invalid usage (bad flag, value, name, layout, conflicting flags)' },
  },
  { code: 3, meaning: 'segment not found (ENOENT)', errors: ['ENOENT'] },
  { code: 4, meaning: 'permission denied (EACCES, EPERM)', errors: ['EACCES', 'EPERM'] },
  { code: 5, meaning: 'no space or too large (ENOSPC, EFBIG, ENOMEM)', errors: ['ENOSPC', 'EFBIG', 'ENOMEM'] },
  {
    code: 130,
    meaning: 'interrupted: shm-writer --stdin stopped by Ctrl-C or SIGTERM after the batch in hand (--watch ends with 0)',
    errors: ['EINTR'],
    tools: { 'shm-reader': null },
  },
] as const satisfies readonly ExitCode[];

/** The exit codes by name, for the code that returns them. */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, NOT_FOUND: 3, PERMISSION: 4, NO_SPACE: 5, INTERRUPTED: 130 } as const;

/** Maps an error to its documented exit code: 1 for anything but a {@link ShmError} with a code of the table. */
export function exitCodeFor(err: unknown): number {
  if (!(err instanceof ShmError)) return EXIT.FAILURE;
  return EXIT_CODES.find((row) => (row.errors as readonly string[]).includes(err.code))?.code ?? EXIT.FAILURE;
}

/** The codes one tool exits with, each with what it means for that tool, as its `--help` lists them. */
export function exitCodesFor(tool: Tool<never>['name']): Array<{ code: number; meaning: string }> {
  return EXIT_CODES.flatMap((row: ExitCode) => {
    const meaning = row.tools?.[tool] === undefined ? row.meaning : row.tools[tool];
    return meaning === null ? [] : [{ code: row.code, meaning }];
  });
}
