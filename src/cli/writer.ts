import { quote, ShmError } from '../model/errors';
import { MY_DATA, type Layout, type RecordValues } from '../model/layout';
import { parseName, parseSize, recordsPerBatch } from '../model/limits';
import { fieldOf } from '../model/values';
import { Segment, type CreatePolicy } from '../shm/segment';
import { writeChunks, type BulkOptions } from '../store/bulk';
import { writeRecord } from '../store/write-record';
import { RawJson, toJson } from '../text/json';
import { recordJson } from '../text/record-format';
import { recordChunks } from '../text/record-stream';
import { parseValueText, valueText } from '../text/value-text';
import type { InputFormat } from '../text/record-parse';
import { parseIndex, parseInputFormat, parseLayoutOption, parseMode } from './arguments';
import { EXIT } from './exit-codes';
import { processIo, type Io } from './io';
import { progress } from './progress';
import { humanBytes, humanRecord, octalMode } from './render';
import { interruptible, runTool, uninterrupted } from './run';
import { styleFor, useColor, type Style } from './style';
import type { Tool } from './tool';

/** How long input may pause before the records read so far are written. */
const IDLE_MS = 20;

interface WriterFlags {
  name: string;
  layout?: string;
  packed?: true;
  size?: string;
  set?: string[];
  col1?: string;
  col2?: string;
  col3?: string;
  index: string;
  mode: string;
  stdin?: true;
  inputFormat?: string;
  truncate?: true;
  exclusive?: true;
  recreate?: true;
  unlink?: true;
  json?: true;
  quiet?: true;
  color: boolean;
  debug?: true;
}

const VALUES = ['set', 'col1', 'col2', 'col3'];
/** The demo's values, for the default layout when no field is set otherwise. */
const DEMO = { Col1: '100', Col2: '876', Col3: '8021' } as const;

/** `shm-writer`: its options, help and action. */
export const writerTool: Tool<WriterFlags> = {
  name: 'shm-writer',
  description: 'Write records into a POSIX shared-memory segment, creating it if needed.',
  usage: ['[options] [NAME]', '--stdin [options] [NAME] < records', '--unlink [NAME]'],
  options: [
    { flags: '--size <size>', description: 'segment size: bytes, or with K M G T / KiB.. (1024) or KB.. (1000); e.g. 4G' },
    {
      flags: '--set <field=value>',
      description: 'set a field (repeatable); arrays as 1,2,3; unset fields of a new record are zero, of an existing one kept',
      repeatable: true,
    },
    { flags: '--col1 <int>', description: 'default layout: Col1 (100 unless --set is given)' },
    { flags: '--col2 <int>', description: 'default layout: Col2 (876 unless --set is given)' },
    { flags: '--col3 <int>', description: 'default layout: Col3 (8021 unless --set is given)' },
    { flags: '--index <n>', description: 'record slot, at byte n x the record size', default: '0' },
    {
      flags: '--stdin',
      description: 'write one record per line of standard input (tab-separated or JSON, see --input-format) from --index on',
      conflicts: VALUES,
    },
    {
      flags: '--input-format <format>',
      description: 'with --stdin: tsv, json, or auto (the default: a line starting with { is JSON, others TSV, blank lines skipped)',
    },
    { flags: '--mode <octal>', description: 'permissions of a new segment, whatever the umask', default: '600' },
    { flags: '--truncate', description: 'allow --size to shrink an existing segment' },
    { flags: '--exclusive', description: 'fail if the segment exists', conflicts: ['recreate'] },
    { flags: '--recreate', description: 'remove the segment and create it anew' },
    {
      flags: '--unlink',
      description: 'remove the segment and write nothing',
      conflicts: ['size', ...VALUES, 'index', 'stdin', 'mode', 'truncate', 'exclusive', 'recreate'],
    },
    { flags: '--json', description: 'print one JSON line: name, index, size, created, and the record or the count written' },
    { flags: '-q, --quiet', description: 'print nothing on success, and no progress bar', conflicts: ['json'] },
  ],
  examples: [
    "shm-writer --name my_shm --size 4G                  # the demo's record, 100 876 8021",
    'shm-writer --name my_shm --index 3 --col1 -1 --json',
    "shm-writer --name ticks --layout 'id:int32,price:float64,sym:char[8]' --set id=7 --set price=1.25 --set sym=ACME",
    'shm-reader --name a --all --tsv | shm-writer --name b --stdin --input-format tsv',
    'shm-writer --name my_shm --unlink',
  ],
  action: write,
};

async function write(flags: WriterFlags, io: Io): Promise<number> {
  // Every argument is checked before the first system call: a refused run changes nothing.
  const name = parseName(flags.name);
  const layout = parseLayoutOption(flags.layout, flags.packed === true);
  const index = parseIndex(flags.index);
  const values = recordValues(flags, layout);
  const format = parseInputFormat(flags.inputFormat, flags.stdin === true);
  const common = {
    name,
    layout,
    index,
    size: flags.size === undefined ? undefined : parseSize(flags.size),
    truncate: flags.truncate === true,
    create: (flags.exclusive ? 'exclusive' : flags.recreate ? 'recreate' : 'if-missing') as CreatePolicy,
    mode: parseMode(flags.mode),
  };
  const style = styleFor(useColor(io.stdoutIsTTY(), flags.color, io.env));
  if (flags.unlink) {
    Segment.unlink(name);
    if (flags.json) io.out(`${toJson({ name, removed: true })}\n`);
    else if (!flags.quiet) io.out(`removed ${style.name(name)}\n`);
    return EXIT.OK;
  }
  if (flags.stdin) return writeStdin(flags, io, { ...common, format }, style);
  // A recreate killed between building the new segment and renaming it would leave it behind.
  const result = flags.recreate ? uninterrupted(() => writeRecord({ ...common, values })) : writeRecord({ ...common, values });
  if (flags.json) {
    const { size, created } = result;
    io.out(`${toJson({ name, index, size, created, record: new RawJson(recordJson(layout, result.record)) })}\n`);
  } else if (!flags.quiet) {
    const what = result.created ? `new segment, ${humanBytes(result.size)}, mode ${octalMode(common.mode)}` : humanBytes(result.size);
    io.out(`${humanRecord(layout, name, index, (f) => valueText(f, result.record[f.name], 'human'), style)}  ${style.note(`(${what})`)}\n`);
  }
  return EXIT.OK;
}

/** The values to write: `--set` fields, and `--col1`...`--col3` (with the demo's defaults when nothing is set) on the default layout. */
function recordValues(flags: WriterFlags, layout: Layout): RecordValues {
  const cols = { Col1: flags.col1, Col2: flags.col2, Col3: flags.col3 };
  const sets = flags.set ?? [];
  const values: RecordValues = Object.create(null) as RecordValues;
  if (layout !== MY_DATA) {
    if (Object.values(cols).some((v) => v !== undefined))
      throw ShmError.usage('--col1, --col2 and --col3 are for the default layout; with --layout, use --set NAME=VALUE');
  } else {
    for (const [col, value] of Object.entries(cols)) {
      const text = value ?? (sets.length === 0 ? DEMO[col as keyof typeof DEMO] : undefined);
      if (text !== undefined) values[col] = parseValueText(fieldOf(layout, col), text, false);
    }
  }
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq < 1) throw ShmError.usage(`--set takes FIELD=VALUE, not ${quote(set)}`);
    values[set.slice(0, eq)] = parseValueText(fieldOf(layout, set.slice(0, eq)), set.slice(eq + 1), false);
  }
  return values;
}

async function writeStdin(
  flags: WriterFlags,
  io: Io,
  { format, ...options }: Omit<BulkOptions, 'signal'> & { format: InputFormat },
  style: Style,
): Promise<number> {
  const bar = progress(io.stderrIsTTY() && !flags.quiet, io.err, 'writing');
  try {
    // Reading stdin can take any time: Ctrl-C ends it after the batch in hand, and says how far it got.
    const result = await interruptible((signal) => {
      const { layout, index } = options;
      const chunks = recordChunks(io.stdin(), { layout, format, index, perChunk: recordsPerBatch(layout), idleMs: IDLE_MS, signal });
      return writeChunks({ ...options, signal, onProgress: (n) => bar.update(n) }, chunks);
    });
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

/** Runs `shm-writer` with the user's arguments and resolves to its exit code. */
export function runWriter(argv: readonly string[], io: Io = processIo()): Promise<number> {
  return runTool(writerTool, argv, io);
}
