import type { Command } from 'commander';
import { writeSync } from 'node:fs';
import { quickParse, type OptionSpec } from './argv';
import { ShmError } from './errors';
import { libc } from './libc';

/** The documented exit codes of both tools. */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, NOT_FOUND: 3, PERMISSION: 4, NO_SPACE: 5, INTERRUPTED: 130 } as const;

/** The exit codes as `--help` shows them. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  any other failure (e.g. a record past the segment's end)
  2  invalid usage or input; nothing was changed (with --stdin: the lines before the bad one were written)
  3  segment not found (ENOENT)
  4  permission denied (EACCES, EPERM)
  5  no space or too large (ENOSPC, EFBIG, ENOMEM)
  130  interrupted (Ctrl-C, SIGTERM) after finishing the batch in hand`;

/** Where a program writes, and what it knows of its surroundings; tests pass their own. */
export interface Io {
  /** Writes to standard output before returning: bytes passed in may be reused afterwards. */
  readonly out: (text: string | Uint8Array) => void;
  readonly err: (text: string) => void;
  readonly stdoutIsTTY: () => boolean;
  readonly stderrIsTTY: () => boolean;
  /** Whether standard output is a pipe whose reader has gone, so that a job that writes rarely can stop. */
  readonly outputClosed: () => boolean;
  readonly env: NodeJS.ProcessEnv;
  /** Standard input, opened only by the runs that read it. */
  readonly stdin: () => AsyncIterable<Uint8Array>;
}

/** The real process's standard streams; output is written synchronously so it stays bounded. */
export function processIo(): Io {
  return {
    out: (text) => writeFully(1, text),
    err: (text) => writeFully(2, text),
    stdoutIsTTY: () => libc().isatty(1),
    stderrIsTTY: () => libc().isatty(2),
    outputClosed: () => libc().readerGone(1),
    env: process.env,
    // A stream, not reads of fd 0 on the thread pool: a read blocked on a pipe or terminal would
    // keep the process from exiting after Ctrl-C.
    stdin: () => process.stdin,
  };
}

const pause = new Int32Array(new SharedArrayBuffer(4));

function writeFully(fd: number, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
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
    case 'EINTR':
      return EXIT.INTERRUPTED;
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

/** A tool: its options (besides the shared ones), help, and the action run with the parsed flags. */
export interface Tool<F> {
  readonly name: 'shm-writer' | 'shm-reader';
  readonly description: string;
  readonly options: readonly OptionSpec[];
  readonly examples: readonly string[];
  readonly action: (flags: F, io: Io) => number | Promise<number>;
}

const FIRST: readonly OptionSpec[] = [
  { flags: '--name <name>', description: 'segment name; my_shm and /my_shm are the same', default: 'my_shm' },
  { flags: '--layout <spec>', description: 'record layout: name:type,... (e.g. id:int32,price:float64,name:char[16]) or @file.json; default Col1:int64,Col2:int64,Col3:int64' },
  { flags: '--packed', description: 'lay the --layout out with no padding, like __attribute__((packed))' },
];
const LAST: readonly OptionSpec[] = [
  { flags: '--no-color', description: 'no colour, even on a terminal (so does NO_COLOR)' },
  { flags: '--debug', description: 'print a stack trace with errors' },
];

/** Every option of a tool, the shared ones included, in the order `--help` lists them. */
function allOptions(tool: Tool<never>): readonly OptionSpec[] {
  return [...FIRST, ...tool.options, ...LAST];
}

/**
 * Builds the tool's commander program, whose action runs the tool and hands its exit code to
 * `setCode`. Commander is loaded here only, off the common start-up path.
 */
export function buildProgram<F>(tool: Tool<F>, io: Io, setCode: (code: number) => void): Command {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Command, Option } = require('commander') as typeof import('commander');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { VERSION } = require('./version') as typeof import('./version');
  const program = new Command(tool.name).description(tool.description).version(VERSION);
  for (const spec of allOptions(tool as Tool<never>)) {
    const option = new Option(spec.flags, spec.description);
    if (spec.default !== undefined) option.default(spec.default);
    if (spec.conflicts !== undefined) option.conflicts([...spec.conflicts]);
    if (spec.repeatable) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    program.addOption(option);
  }
  return program
    .addHelpText('after', `${EXIT_CODES_HELP}\n\nExamples:\n${tool.examples.map((e) => `  ${e}`).join('\n')}`)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      outputError: (text, write) => write(`${tool.name}: ${text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')} (see --help)\n`),
    })
    .action(async (flags: F) => setCode(await tool.action(flags, io)));
}

/**
 * Runs a tool with the user's arguments (without `node` and the script) and returns its exit
 * code. Plain invocations skip commander; the rest, help and usage errors included, go through it.
 */
export async function runTool<F>(tool: Tool<F>, argv: readonly string[], io: Io = processIo()): Promise<number> {
  const quick = quickParse(allOptions(tool as Tool<never>), argv);
  let debug = quick?.debug === true;
  try {
    if (quick !== null) return await tool.action(quick as F, io);
    let code: number = EXIT.OK;
    const program = buildProgram(tool, io, (c) => (code = c));
    debug = argv.includes('--debug');
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    // The reader of our output went away (`| head`): what it wanted, it got.
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return EXIT.OK;
    if (err instanceof Error && err.name === 'CommanderError') {
      const { code } = err as Error & { code: string };
      return code === 'commander.helpDisplayed' || code === 'commander.version' ? EXIT.OK : EXIT.USAGE;
    }
    io.err(`${errorLine(tool.name, err)}\n`);
    if (debug && err instanceof Error) io.err(`${err.stack}\n`);
    return exitCodeFor(err);
  }
}

/**
 * Runs `work` with an AbortSignal that Ctrl-C (SIGINT) and SIGTERM abort, so that a long job stops
 * between batches and says how far it got. Jobs with nothing to finish are better ended by the
 * signals' default, and the first signal listener costs milliseconds of start-up.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on('SIGINT', stop).on('SIGTERM', stop);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }
}

/** The bins' entry point: runs the tool on the process's arguments and sets its exit code. */
export function main<F>(tool: Tool<F>): void {
  void runTool(tool, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // An interrupted job leaves standard input open, which would keep the process alive.
    if (code === EXIT.INTERRUPTED) process.exit(code);
  });
}
