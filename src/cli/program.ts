import type * as commander from 'commander';
import type { Command } from 'commander';
import { exitCodesHelp } from './exit-codes';
import type { Io } from './io';
import type * as version from './version';
import { allOptions, type Tool } from './tool';

/**
 * Builds the tool's commander program, whose action runs the tool and hands its exit code to
 * `setCode`. Commander is loaded here only, off the common start-up path.
 */
export function buildProgram<F>(tool: Tool<F>, io: Io, setCode: (code: number) => void): Command {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Command, Option } = require('commander') as typeof commander;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { VERSION } = require('./version') as typeof version;
  const program = new Command(tool.name).description(tool.description).version(VERSION);
  for (const spec of allOptions(tool)) {
    const option = new Option(spec.flags, spec.description);
    if (spec.default !== undefined) option.default(spec.default);
    if (spec.conflicts !== undefined) option.conflicts([...spec.conflicts]);
    if (spec.repeatable) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    program.addOption(option);
  }
  return program
    .addHelpText('after', `\n${exitCodesHelp()}\n\nExamples:\n${tool.examples.map((e) => `  ${e}`).join('\n')}`)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      outputError: (text, write) =>
        write(
          `${tool.name}: ${text
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')} (see --help)\n`,
        ),
    })
    .action(async (flags: F) => setCode(await tool.action(flags, io)));
}
