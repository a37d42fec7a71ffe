import { useKoffi } from '../shm/libc';
import { EXIT, exitCodeFor } from './exit-codes';
import { loadKoffi } from './fast-koffi';
import { processIo, type Io } from './io';
import { errorLine } from './messages';
import { helpText, wantsHelp, wantsVersion } from './help';
import { buildProgram, helpWidth } from './program';
import { quickParse } from './quick-parse';
import { answerCompletion } from './completion';
import { allOptions, type Flags, type Tool } from './tool';
import { VERSION } from './version';

/**
 * Runs a tool with the user's arguments (without `node` and the script) and returns its exit
 * code. Help, the version and plain invocations skip commander; the rest, usage errors included, go through it.
 */
export async function runTool<F>(tool: Tool<F>, argv: readonly string[], io: Io = processIo()): Promise<number> {
  if (wantsHelp(tool as Tool<never>, argv)) {
    io.out(helpText(tool as Tool<never>, helpWidth(io)));
    return EXIT.OK;
  }
  if (wantsVersion(tool as Tool<never>, argv)) {
    io.out(`${VERSION}\n`);
    return EXIT.OK;
  }
  // `--completion SHELL` prints the script, whatever else is given.
  const run = {
    ...tool,
    action: (flags: F, to: Io) => answerCompletion(tool as Tool<never>, flags as Flags, to) ?? tool.action(flags, to),
  };
  const quick = quickParse(allOptions(tool), argv, tool.manyNames);
  let debug = quick?.debug === true;
  try {
    if (quick !== null) return await run.action(quick as F, io);
    let code: number = EXIT.OK;
    const program = buildProgram(run, io, (c) => (code = c));
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
  for (const signal of STOPS) process.on(signal, stop);
  try {
    return await work(controller.signal);
  } finally {
    for (const signal of STOPS) process.off(signal, stop);
  }
}

/** The signals that stop a job: Ctrl-C, kill, and the terminal going away. */
const STOPS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `work`, which is short and must not be cut in two (a recreate between its creation and its
 * rename), with those signals held back; one that came meanwhile is raised again once the event
 * loop has delivered it, so the process still ends as the signal says.
 */
export function uninterrupted<T>(work: () => T): T {
  let caught: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals) => (caught ??= signal);
  for (const signal of STOPS) process.on(signal, hold);
  try {
    return work();
  } finally {
    // A signal that came during the work reaches its listener on the event loop's next turn.
    setImmediate(() => {
      for (const signal of STOPS) process.off(signal, hold);
      if (caught !== undefined) process.kill(process.pid, caught);
    });
  }
}

/** The bins' entry point: runs the tool on the process's arguments (or `argv`) and sets its exit code. */
export function main<F>(tool: Tool<F>, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  useKoffi(() => loadKoffi().koffi);
  return runTool(tool, argv).then((code) => {
    process.exitCode = code;
    // An interrupted job leaves standard input open, which would keep the process alive.
    if (code === EXIT.INTERRUPTED) process.exit(code);
  });
}
