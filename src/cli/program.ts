import type * as commander from 'commander';
import type { Command } from 'commander';
import { quote } from '../model/errors';
import { helpText } from './help';
import type { Io } from './io';
import type * as version from './version';
import { allOptions, flagNames, type Tool } from './tool';

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
      .action((operands: string[], flags: F & { name?: string; operands?: string[] }) => {
        const many = tool.manyNames !== undefined && (flags as Record<string, unknown>)[tool.manyNames] === true;
        if (operands.length > 1 && !many)
          program.error(
            `one segment name only, not ${operands.length}: ${operands.map(quote).join(' ')}${tool.manyNames ? ` (several with --${tool.manyNames})` : ''}`,
            {
              code: 'commander.excessArguments',
            },
          );
        flags.operands = operands;
        if (operands.length > 0) {
          // Names given as operands are given as --name is: not both, and not with options that take none.
          const clash = program.getOptionValueSource('name') === 'cli' ? ['--name'] : [];
          for (const spec of allOptions(tool))
            if (spec.conflicts?.includes('name') && program.getOptionValueSource(flagNames(spec.flags).attribute) === 'cli')
              clash.push(flagNames(spec.flags).long);
          if (clash.length > 0)
            program.error(`the segment name ${quote(operands[0])} cannot be given with ${clash.join(' or ')}`, {
              code: 'commander.conflictingOption',
            });
          flags.name = operands[0];
        }
        return Promise.resolve(tool.action(flags, io)).then(setCode);
      })
  );
}

/** The width help is wrapped to: the terminal's, or 80 columns. */
export function helpWidth(io: Io): number {
  return io.columns() || 80;
}
