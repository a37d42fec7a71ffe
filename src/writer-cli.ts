import { Option, type Command } from 'commander';
import { fieldOf, MY_DATA, type RecordValues } from './codec';
import { defineProgram, EXIT, finish, processIo, runProgram, type Io } from './cli';
import { humanBytes, humanRecord, octalMode, recordObject, styleFor, toJson, useColor } from './format';
import { parseIndex, parseMode, parseName, parseSize, parseValue } from './parse';
import { writeRecord } from './records';
import { Segment, type CreatePolicy } from './segment';

interface WriterFlags {
  name: string;
  size?: string;
  col1: string;
  col2: string;
  col3: string;
  index: string;
  mode: string;
  truncate?: true;
  exclusive?: true;
  recreate?: true;
  unlink?: true;
  json?: true;
  quiet?: true;
  color: boolean;
  debug?: true;
}

const RECORD_FLAGS = ['size', 'col1', 'col2', 'col3', 'index', 'mode', 'truncate', 'exclusive', 'recreate'];

/** Builds the `shm-writer` program; `io` receives its output, `setCode` its exit code. */
export function createWriterProgram(io: Io, setCode: (code: number) => void): Command {
  return defineProgram(
    'shm-writer',
    'Write a record into a POSIX shared-memory segment, creating it if needed.',
    [
      new Option('--size <size>', 'segment size: bytes, or with K M G T / KiB.. (1024) or KB.. (1000); e.g. 4G'),
      new Option('--col1 <int>', 'Col1, a signed 64-bit integer').default('100'),
      new Option('--col2 <int>', 'Col2, a signed 64-bit integer').default('876'),
      new Option('--col3 <int>', 'Col3, a signed 64-bit integer').default('8021'),
      new Option('--index <n>', `record slot, at byte n x ${MY_DATA.size}`).default('0'),
      new Option('--mode <octal>', 'permissions of a new segment, whatever the umask').default('600'),
      new Option('--truncate', 'allow --size to shrink an existing segment'),
      new Option('--exclusive', 'fail if the segment exists').conflicts(['recreate']),
      new Option('--recreate', 'remove the segment and create it anew'),
      new Option('--unlink', 'remove the segment and write nothing').conflicts(RECORD_FLAGS),
      new Option('--json', 'print one JSON line: name, index, size, created, record'),
      new Option('-q, --quiet', 'print nothing on success').conflicts(['json']),
    ],
    [
      "shm-writer --name my_shm --size 4G                  # the demo's record, 100 876 8021",
      'shm-writer --name my_shm --index 3 --col1 -1 --json',
      'shm-writer --name my_shm --unlink',
    ],
  ).action((flags: WriterFlags) => setCode(write(flags, io)));
}

function write(flags: WriterFlags, io: Io): number {
  const name = parseName(flags.name);
  const style = styleFor(useColor(io.stdoutIsTTY, flags.color, io.env));
  if (flags.unlink) {
    Segment.unlink(name);
    if (flags.json) io.out(`${toJson({ name, removed: true })}\n`);
    else if (!flags.quiet) io.out(`removed ${style.name(name)}\n`);
    return EXIT.OK;
  }
  const values: RecordValues = {
    Col1: parseValue(flags.col1, fieldOf(MY_DATA, 'Col1')),
    Col2: parseValue(flags.col2, fieldOf(MY_DATA, 'Col2')),
    Col3: parseValue(flags.col3, fieldOf(MY_DATA, 'Col3')),
  };
  const create: CreatePolicy = flags.exclusive ? 'exclusive' : flags.recreate ? 'recreate' : 'if-missing';
  const mode = parseMode(flags.mode);
  const result = writeRecord({
    name,
    index: parseIndex(flags.index),
    values,
    size: flags.size === undefined ? undefined : parseSize(flags.size),
    truncate: flags.truncate === true,
    create,
    mode,
  });
  if (flags.json) {
    const { index, size, created } = result;
    io.out(`${toJson({ name, index, size, created, record: recordObject(MY_DATA, result.record) })}\n`);
  } else if (!flags.quiet) {
    const what = result.created ? `new segment, ${humanBytes(result.size)}, mode ${octalMode(mode)}` : humanBytes(result.size);
    io.out(`${humanRecord(MY_DATA, name, result.index, result.record, style)}  ${style.note(`(${what})`)}\n`);
  }
  return EXIT.OK;
}

/** Runs `shm-writer` with the user's arguments and returns its exit code. */
export function runWriter(argv: readonly string[], io: Io = processIo()): number {
  return runProgram(createWriterProgram, argv, io);
}

/** The bin's entry point. */
export function main(): void {
  finish(runWriter(process.argv.slice(2)));
}
