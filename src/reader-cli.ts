import { Command, Option } from 'commander';
import { fieldOf, MY_DATA } from './codec';
import { EXIT, EXIT_CODES_HELP, finish, processIo, runProgram, type Io } from './cli';
import { humanRecord, jsonRecord, styleFor, useColor } from './format';
import { parseCount, parseIndex, parseName } from './parse';
import { readRecords } from './records';
import { VERSION } from './version';

interface ReaderFlags {
  name: string;
  index: string;
  count?: string;
  all?: true;
  json?: true;
  field?: string;
  color: boolean;
  debug?: true;
}

/** Builds the `shm-reader` program; `io` receives its output, `setCode` its exit code. */
export function createReaderProgram(io: Io, setCode: (code: number) => void): Command {
  return new Command('shm-reader')
    .description('Print records from a POSIX shared-memory segment, read-only.')
    .version(VERSION)
    .addOption(new Option('--name <name>', 'segment name; my_shm and /my_shm are the same').default('my_shm'))
    .addOption(new Option('--index <n>', 'first record to print').default('0'))
    .addOption(new Option('--count <n>', 'how many consecutive records to print'))
    .addOption(new Option('--all', 'print every whole record in the segment').conflicts(['count', 'index']))
    .addOption(new Option('--json', 'one JSON object per record per line, exact digits'))
    .addOption(new Option('--field <name>', 'print only this field, one bare value per line').conflicts(['json']))
    .addOption(new Option('--no-color', 'no colour, even on a terminal (so does NO_COLOR)'))
    .addOption(new Option('--debug', 'print a stack trace with errors'))
    .addHelpText('after', `${EXIT_CODES_HELP}

Examples:
  shm-reader --name my_shm                  # /my_shm[0]  Col1=100  Col2=876  Col3=8021
  shm-reader --name my_shm --all --json
  total=$(shm-reader --name my_shm --field Col3)`)
    .showSuggestionAfterError()
    .action((flags: ReaderFlags) => setCode(read(flags, io)));
}

function read(flags: ReaderFlags, io: Io): number {
  const layout = MY_DATA;
  const name = parseName(flags.name);
  const index = parseIndex(flags.index);
  const count = flags.all ? 'all' : flags.count === undefined ? 1 : parseCount(flags.count);
  const field = flags.field === undefined ? undefined : fieldOf(layout, flags.field);
  const style = styleFor(useColor(io.stdoutIsTTY, flags.color, io.env));
  for (const { firstIndex, records } of readRecords({ name, layout, index, count })) {
    const lines = records.map((record, k) => {
      if (field !== undefined) return String(record[field.name]);
      if (flags.json) return jsonRecord(layout, record);
      return humanRecord(layout, name, firstIndex + k, record, style);
    });
    io.out(`${lines.join('\n')}\n`);
  }
  return EXIT.OK;
}

/** Runs `shm-reader` with the user's arguments and returns its exit code. */
export function runReader(argv: readonly string[], io: Io = processIo()): number {
  return runProgram(createReaderProgram, argv, io);
}

/** The bin's entry point. */
export function main(): void {
  finish(runReader(process.argv.slice(2)));
}
