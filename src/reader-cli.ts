import { Option, type Command } from 'commander';
import { fieldOf, MY_DATA } from './codec';
import { defineProgram, EXIT, finish, processIo, runProgram, type Io } from './cli';
import { humanRecord, jsonRecord, styleFor, useColor } from './format';
import { parseCount, parseIndex, parseName } from './parse';
import { readRecords } from './records';

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
  return defineProgram(
    'shm-reader',
    'Print records from a POSIX shared-memory segment, read-only.',
    [
      new Option('--index <n>', 'first record to print').default('0'),
      new Option('--count <n>', 'how many consecutive records to print'),
      new Option('--all', 'print every whole record in the segment').conflicts(['count', 'index']),
      new Option('--json', 'one JSON object per record per line, exact digits'),
      new Option('--field <name>', 'print only this field, one bare value per line').conflicts(['json']),
    ],
    [
      'shm-reader --name my_shm                  # /my_shm[0]  Col1=100  Col2=876  Col3=8021',
      'shm-reader --name my_shm --all --json',
      'total=$(shm-reader --name my_shm --field Col3)',
    ],
  ).action((flags: ReaderFlags) => setCode(read(flags, io)));
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
