import { writeLines } from './bulk';
import { fieldOf, MY_DATA, type RecordValues } from './codec';
import { buildProgram, EXIT, interruptible, main as runMain, processIo, runTool, type Io, type Tool } from './cli';
import { humanBytes, humanRecord, octalMode, recordObject, styleFor, toJson, useColor, type Style } from './format';
import { parseIndex, parseMode, parseName, parseSize, parseValue } from './parse';
import { progress } from './progress';
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
  stdin?: true;
  truncate?: true;
  exclusive?: true;
  recreate?: true;
  unlink?: true;
  json?: true;
  quiet?: true;
  color: boolean;
  debug?: true;
}

const VALUES = ['col1', 'col2', 'col3'];

/** `shm-writer`: its options, help and action. */
export const writerTool: Tool<WriterFlags> = {
  name: 'shm-writer',
  description: 'Write records into a POSIX shared-memory segment, creating it if needed.',
  options: [
    { flags: '--size <size>', description: 'segment size: bytes, or with K M G T / KiB.. (1024) or KB.. (1000); e.g. 4G' },
    { flags: '--col1 <int>', description: 'Col1, a signed 64-bit integer', default: '100' },
    { flags: '--col2 <int>', description: 'Col2, a signed 64-bit integer', default: '876' },
    { flags: '--col3 <int>', description: 'Col3, a signed 64-bit integer', default: '8021' },
    { flags: '--index <n>', description: `record slot, at byte n x ${MY_DATA.size}`, default: '0' },
    { flags: '--stdin', description: 'write one record per line of standard input (tab-separated or JSON) from --index on', conflicts: VALUES },
    { flags: '--mode <octal>', description: 'permissions of a new segment, whatever the umask', default: '600' },
    { flags: '--truncate', description: 'allow --size to shrink an existing segment' },
    { flags: '--exclusive', description: 'fail if the segment exists', conflicts: ['recreate'] },
    { flags: '--recreate', description: 'remove the segment and create it anew' },
    { flags: '--unlink', description: 'remove the segment and write nothing', conflicts: ['size', ...VALUES, 'index', 'stdin', 'mode', 'truncate', 'exclusive', 'recreate'] },
    { flags: '--json', description: 'print one JSON line: name, index, size, created, and the record or the count written' },
    { flags: '-q, --quiet', description: 'print nothing on success, and no progress bar', conflicts: ['json'] },
  ],
  examples: [
    "shm-writer --name my_shm --size 4G                  # the demo's record, 100 876 8021",
    'shm-writer --name my_shm --index 3 --col1 -1 --json',
    'shm-reader --name a --all --tsv | shm-writer --name b --stdin',
    'shm-writer --name my_shm --unlink',
  ],
  action: write,
};

async function write(flags: WriterFlags, io: Io): Promise<number> {
  const name = parseName(flags.name);
  const style = styleFor(useColor(io.stdoutIsTTY(), flags.color, io.env));
  if (flags.unlink) {
    Segment.unlink(name);
    if (flags.json) io.out(`${toJson({ name, removed: true })}\n`);
    else if (!flags.quiet) io.out(`removed ${style.name(name)}\n`);
    return EXIT.OK;
  }
  const index = parseIndex(flags.index);
  const values: RecordValues = {
    Col1: parseValue(flags.col1, fieldOf(MY_DATA, 'Col1')),
    Col2: parseValue(flags.col2, fieldOf(MY_DATA, 'Col2')),
    Col3: parseValue(flags.col3, fieldOf(MY_DATA, 'Col3')),
  };
  const common = {
    name,
    index,
    size: flags.size === undefined ? undefined : parseSize(flags.size),
    truncate: flags.truncate === true,
    create: (flags.exclusive ? 'exclusive' : flags.recreate ? 'recreate' : 'if-missing') as CreatePolicy,
    mode: parseMode(flags.mode),
  };
  if (flags.stdin) return writeStdin(flags, io, common, style);
  const result = writeRecord({ ...common, values });
  if (flags.json) {
    const { size, created } = result;
    io.out(`${toJson({ name, index, size, created, record: recordObject(MY_DATA, result.record) })}\n`);
  } else if (!flags.quiet) {
    const what = result.created ? `new segment, ${humanBytes(result.size)}, mode ${octalMode(common.mode)}` : humanBytes(result.size);
    io.out(`${humanRecord(MY_DATA, name, index, (f) => String(result.record[f.name]), style)}  ${style.note(`(${what})`)}\n`);
  }
  return EXIT.OK;
}

async function writeStdin(flags: WriterFlags, io: Io, common: Omit<Parameters<typeof writeLines>[0], 'signal'>, style: Style): Promise<number> {
  const bar = progress(io.stderrIsTTY() && !flags.quiet, io.err, 'writing');
  try {
    // Reading stdin can take any time: Ctrl-C ends it after the batch in hand, and says how far it got.
    const result = await interruptible((signal) => writeLines({ ...common, signal, onProgress: (n) => bar.update(n) }, io.stdin()));
    bar.end();
    const { name, index, written, size, created } = result;
    if (flags.json) io.out(`${toJson({ name, index, written, size, created })}\n`);
    else if (!flags.quiet) {
      const slots = written === 0 ? 'no records' : `${written} record${written === 1 ? '' : 's'} at ${index} to ${index + written - 1}`;
      io.out(`${style.name(name)}: wrote ${slots}  ${style.note(`(${created ? 'new segment, ' : ''}${humanBytes(size)})`)}\n`);
    }
    return EXIT.OK;
  } finally {
    bar.end();
  }
}

/** Builds the `shm-writer` commander program, for help and in-process tests; `setCode` receives the exit code. */
export function createWriterProgram(io: Io, setCode: (code: number) => void) {
  return buildProgram(writerTool, io, setCode);
}

/** Runs `shm-writer` with the user's arguments and resolves to its exit code. */
export function runWriter(argv: readonly string[], io: Io = processIo()): Promise<number> {
  return runTool(writerTool, argv, io);
}

/** The bin's entry point. */
export function main(): void {
  runMain(writerTool);
}
