import { Command, CommanderError, Option } from 'commander';
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { ShmError } from './errors';
import { VERSION } from './version';

/** The documented exit codes of both tools. */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, NOT_FOUND: 3, PERMISSION: 4, NO_SPACE: 5 } as const;

/** The exit codes as `--help` shows them. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  any other failure (e.g. a record past the segment's end)
  2  invalid usage or input; nothing was changed
  3  segment not found (ENOENT)
  4  permission denied (EACCES, EPERM)
  5  no space or too large (ENOSPC, EFBIG, ENOMEM)`;

/** Where a program writes, and what it knows of its surroundings; tests pass their own. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly stdoutIsTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/** The real process's standard output and error, written synchronously so output stays bounded. */
export function processIo(): Io {
  return { out: (text) => writeFully(1, text), err: (text) => writeFully(2, text), stdoutIsTTY: isatty(1), env: process.env };
}

const pause = new Int32Array(new SharedArrayBuffer(4));

function writeFully(fd: number, text: string): void {
  const buf = Buffer.from(text);
  for (let done = 0; done < buf.length; ) {
    try {
      done += writeSync(fd, buf, done);
    } catch (err) {
      // A non-blocking pipe handed to us by the parent: wait for the reader instead of failing.
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

/** Maps an error to its documented exit code. */
export function exitCodeFor(err: unknown): number {
  if (!(err instanceof ShmError)) return EXIT.FAILURE;
  switch (err.code) {
    case 'EUSAGE':
      return EXIT.USAGE;
    case 'ENOENT':
      return EXIT.NOT_FOUND;
    case 'EACCES':
    case 'EPERM':
      return EXIT.PERMISSION;
    case 'ENOSPC':
    case 'EFBIG':
    case 'ENOMEM':
      return EXIT.NO_SPACE;
    default:
      return EXIT.FAILURE;
  }
}

/** A hint for the user, by error code; `null` where none helps. */
export function hintFor(err: ShmError): string | null {
  const bare = err.segment?.slice(1) ?? 'NAME';
  switch (err.code) {
    case 'ENOENT':
      return `create it with: shm-writer --name ${bare}`;
    case 'EACCES':
    case 'EPERM':
      return `its owner can let others read it with: chmod 644 /dev/shm/${bare}`;
    case 'EEXIST':
      return 'drop --exclusive to write into it, or use --recreate to replace it';
    case 'ENOSPC':
      return '/dev/shm is full: see df -h /dev/shm';
    case 'EFBIG':
    case 'ENOMEM':
      return 'ask for a smaller --size';
    case 'ERANGE_RECORD':
      return `see its size with: ls -l /dev/shm/${bare}`;
    default:
      return null;
  }
}

/** The one line a failure prints: program, what failed, the code name, and a hint. */
export function errorLine(program: string, err: unknown): string {
  if (!(err instanceof ShmError)) return `${program}: ${err instanceof Error ? err.message : String(err)}`;
  const hint = hintFor(err);
  return `${program}: ${err.message}${hint === null ? '' : `; ${hint}`}`;
}

/**
 * A program with what both tools share: `--version`, `--name` first, the tool's own `options`,
 * then `--no-color`, `--debug`, and the exit codes and `examples` after the help.
 */
export function defineProgram(name: string, description: string, options: readonly Option[], examples: readonly string[]): Command {
  const program = new Command(name)
    .description(description)
    .version(VERSION)
    .addOption(new Option('--name <name>', 'segment name; my_shm and /my_shm are the same').default('my_shm'));
  for (const option of options) program.addOption(option);
  return program
    .addOption(new Option('--no-color', 'no colour, even on a terminal (so does NO_COLOR)'))
    .addOption(new Option('--debug', 'print a stack trace with errors'))
    .addHelpText('after', `${EXIT_CODES_HELP}\n\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}`)
    .showSuggestionAfterError();
}

/** Builds a program whose action reports its exit code through `setCode`. */
export type ProgramFactory = (io: Io, setCode: (code: number) => void) => Command;

/**
 * Builds a program, parses `argv` (the user's arguments, without `node` and the script) and
 * runs its action, returning the exit code. Commander's own errors (unknown flags, conflicts) exit 2.
 */
export function runProgram(create: ProgramFactory, argv: readonly string[], io: Io = processIo()): number {
  let code: number = EXIT.OK;
  const program = create(io, (c) => (code = c));
  program.exitOverride().configureOutput({
    writeOut: io.out,
    writeErr: io.err,
    outputError: (text, write) => write(`${program.name()}: ${text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')} (see --help)\n`),
  });
  try {
    program.parse([...argv], { from: 'user' });
    return code;
  } catch (err) {
    // The reader of our output went away (`| head`): what it wanted, it got.
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return EXIT.OK;
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT.OK : EXIT.USAGE;
    }
    io.err(`${errorLine(program.name(), err)}\n`);
    if (program.opts().debug === true && err instanceof Error) io.err(`${err.stack}\n`);
    return exitCodeFor(err);
  }
}

/** Sets the process's exit code from a run; the only place that touches it, with the bins. */
export function finish(code: number): void {
  process.exitCode = code;
}
