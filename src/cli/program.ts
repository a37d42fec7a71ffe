import type * as commander from 'commander';
import type { Command } from 'commander';
import { quote } from '../model/errors';
import { helpText } from './help';
import type { Io } from './io';
import type * as version from './version';
import { allOptions, flagNames, type Flags, type Tool } from './tool';

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
  // Help is ours, from the same table, so commander's paths show what `--help` shows.
  program.helpInformation = () => helpText(tool as Tool<never>, helpWidth(io));
  return (
    program
      .argument('[name...]')
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
      // Not async: a usage error about the name is thrown where commander's own are, not as a rejection.
      .action((operands: string[], flags: F) => {
        takeOperands(program, tool, operands, flags as Flags);
        return Promise.resolve(tool.action(flags, io)).then(setCode);
      })
  );
}

/**
 * Checks the name operands as the quick parser does (one at most, but with the switch `manyNames`;
 * not with --name, nor with options that take none) and puts them in the flags, the first as `name`.
 */
function takeOperands(program: Command, tool: Pick<Tool<never>, 'options' | 'manyNames'>, operands: string[], flags: Flags): void {
  const fail = (message: string, code: string) => program.error(message, { code });
  if (operands.length > 1 && !(tool.manyNames !== undefined && flags[tool.manyNames] === true)) {
    const several = tool.manyNames === undefined ? '' : ` (several with --${tool.manyNames})`;
    fail(`one segment name only, not ${operands.length}: ${operands.map(quote).join(' ')}${several}`, 'commander.excessArguments');
  }
  flags.operands = operands;
  flags.named = program.getOptionValueSource('name') === 'cli' || operands.length > 0;
  if (operands.length === 0) return;
  const clash = program.getOptionValueSource('name') === 'cli' ? ['--name'] : [];
  for (const spec of allOptions(tool)) {
    const { attribute, long } = flagNames(spec.flags);
    if (spec.conflicts?.includes('name') && program.getOptionValueSource(attribute) === 'cli') clash.push(long);
  }
  if (clash.length > 0)
    fail(`the segment name ${quote(operands[0])} cannot be given with ${clash.join(' or ')}`, 'commander.conflictingOption');
  flags.name = operands[0];
}

/** The width help is wrapped to: the terminal's, or 80 columns. */
export function helpWidth(io: Io): number {
  return io.columns() || 80;
}
