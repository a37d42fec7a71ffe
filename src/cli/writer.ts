import { listWords, quote, ShmError } from '../model/errors';
import { MY_DATA, type Layout, type RecordValues } from '../model/layout';
import { parseName, parseSize } from '../model/limits';
import { fieldOf } from '../model/values';
import { layoutSpec } from '../model/layout-spec';
import type { CreatePolicy } from '../shm/segment';
import { checkLayoutAgrees, inUse, recreatedLayout, segmentLayout, type SegmentLayout } from '../store/segment-layout';
import { writeRecord, type WriteResult } from '../store/write-record';
import { RawJson, toJson } from '../text/json';
import { recordJson } from '../text/record-format';
import { parseValueText, valueText } from '../text/value-text';
import { parseIndex, parseInputFormat, parseLayoutOption, parseMode } from './arguments';
import { EXIT } from './exit-codes';
import { layoutFromInput, warnUnstored, writeStdin } from './writer-stdin';
import { checkDryRun, unlinkSegments } from './writer-unlink';
import { processIo, type Io } from './io';
import { humanBytes, humanRecord, octalMode } from './render';
import { runTool, uninterrupted } from './run';
import { styleFor, useColor, type Style } from './style';
import type { Tool } from './tool';

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
  record: boolean;
  inputFormat?: string;
  truncate?: true;
  exclusive?: true;
  recreate?: true;
  relayout?: true;
  withLayout?: true;
  unlink?: true;
  dryRun?: true;
  operands: string[];
  json?: true;
  quiet?: true;
  color: boolean;
  debug?: true;
}

const VALUES = ['set', 'col1', 'col2', 'col3'];
/** The demo's record, written into a segment this run creates when no value is given. */
const DEMO = { Col1: 100n, Col2: 876n, Col3: 8021n } as const;

/** `shm-writer`: its options, help and action. */
export const writerTool: Tool<WriterFlags> = {
  name: 'shm-writer',
  description: 'Write records into a POSIX shared-memory segment, creating it if needed.',
  usage: ['[options] [NAME]', '--stdin [options] [NAME] < records', "--unlink [--dry-run] [--json] NAME|'PATTERN'..."],
  manyNames: 'unlink',
  options: [
    { flags: '--size <size>', description: 'segment size: bytes, or with K M G T / KiB.. (1024) or KB.. (1000); e.g. 4G' },
    {
      flags: '--set <field=value>',
      description: 'set a field (repeatable); arrays as 1,2,3; fields not set keep their bytes (zero in a new segment)',
      repeatable: true,
    },
    { flags: '--col1 <int>', description: 'default layout: set Col1' },
    { flags: '--col2 <int>', description: 'default layout: set Col2' },
    { flags: '--col3 <int>', description: 'default layout: set Col3' },
    { flags: '--index <n>', description: 'record slot, at byte n x the record size', default: '0' },
    {
      flags: '--stdin',
      description: 'write one record per line of standard input (tab-separated or JSON, see --input-format) from --index on',
      conflicts: VALUES,
    },
    {
      flags: '--input-format <format>',
      values: ['tsv', 'json', 'auto'],
      description: 'with --stdin: tsv, json, or auto (the default: a line starting with { is JSON, others TSV, blank lines skipped)',
    },
    {
      flags: '--no-record',
      description: "write no record: only create, size or recreate the segment (without a value, a new segment gets the demo's record)",
      conflicts: [...VALUES, 'stdin', 'index'],
    },
    {
      flags: '--mode <octal>',
      description: 'permissions of a new segment, whatever the umask',
      default: '600',
      values: ['600', '640', '644', '660', '666'],
    },
    { flags: '--truncate', description: 'allow --size to shrink an existing segment' },
    { flags: '--exclusive', description: 'fail if the segment exists', conflicts: ['recreate'] },
    { flags: '--recreate', description: 'remove the segment and create it anew' },
    {
      flags: '--with-layout',
      description: 'with --stdin: the first line says the layout (as shm-reader --with-layout prints it), stored with the segment',
    },
    {
      flags: '--relayout',
      description: 'store the --layout given with the segment even where it stores another one (its readers then use this one)',
    },
    {
      flags: '--unlink',
      description: "remove the segment, or each named (NAME...) or matched by a quoted pattern ('job-*'), and write nothing",
      conflicts: [
        'layout',
        'packed',
        'size',
        ...VALUES,
        'index',
        'stdin',
        'inputFormat',
        'mode',
        'truncate',
        'exclusive',
        'recreate',
        'relayout',
        'record',
      ],
    },
    { flags: '--dry-run', description: 'with --unlink: say what would be removed, remove nothing' },
    {
      flags: '--json',
      description:
        'print one JSON line: name, index, size before and after, created, the fields written and the record, or the count written',
    },
    { flags: '-q, --quiet', description: 'print nothing on success, and no progress bar', conflicts: ['json'] },
  ],
  examples: [
    "shm-writer my_shm --size 4G                  # a new segment gets the demo's record, 100 876 8021",
    'shm-writer my_shm --index 3 --col1 -1 --json  # writes Col1 of record 3, nothing else',
    'shm-writer my_shm --size 8G --no-record       # grows it, writes no record',
    "shm-writer --name ticks --layout 'id:int32,price:float64,sym:char[8]' --set id=7 --set price=1.25 --set sym=ACME",
    'shm-reader --name a --all --tsv | shm-writer --name b --stdin --input-format tsv',
    'shm-writer --unlink my_shm',
    "shm-writer --unlink --dry-run 'job-*'            # what would go",
  ],
  action: write,
};

async function write(flags: WriterFlags, io: Io): Promise<number> {
  // Every argument is checked before the first system call: a refused run changes nothing.
  const name = parseName(flags.name);
  checkDryRun(flags.dryRun === true, flags.unlink === true);
  if (flags.unlink) return unlink(flags, io);
  const option = parseLayoutOption(flags.layout, flags.packed === true);
  if (flags.withLayout && !flags.stdin) throw ShmError.usage('--with-layout goes with --stdin: it reads the layout from the first line');
  if (flags.relayout && option === undefined && !flags.withLayout)
    throw ShmError.usage('--relayout goes with --layout: it stores that layout with the segment');
  const index = parseIndex(flags.index);
  const format = parseInputFormat(flags.inputFormat, flags.stdin === true);
  const size = flags.size === undefined ? undefined : parseSize(flags.size);
  const mode = parseMode(flags.mode);
  // With --with-layout, the input's first line gives the layout, as --layout would.
  const input = flags.withLayout ? await layoutFromInput(io, option) : { given: option, chunks: undefined, linesBefore: 0 };
  const { given } = input;
  // The layout given, else the one stored with the segment, else MyData: read here to check the
  // arguments, and checked again under the write's lock. --exclusive makes a new segment: what one
  // under the name stores is not read (it fails as EEXIST). --recreate keeps the layout of the
  // segment it replaces, where it is this user's.
  const found = flags.exclusive ? inUse(given, null) : flags.recreate ? recreatedLayout(name, given) : segmentLayout(name, given);
  // A segment replaced (--recreate) or new (--exclusive: one that exists fails to open) has no layout to agree with.
  if (!flags.recreate && !flags.exclusive) agrees(name, found, flags);
  const { layout } = found;
  const values = recordValues(flags, layout);
  const common = {
    name,
    layout,
    index,
    size,
    truncate: flags.truncate === true,
    create: (flags.exclusive ? 'exclusive' : flags.recreate ? 'recreate' : 'if-missing') as CreatePolicy,
    mode,
    layoutWrite: { given: found.source === 'given', relayout: flags.relayout === true },
  };
  const style = styleFor(useColor(io.stdoutIsTTY(), flags.color, io.env));
  if (flags.stdin) {
    const { quiet = false, json = false } = flags;
    const stdin = { chunks: input.chunks ?? io.stdin(), linesBefore: input.linesBefore };
    return writeStdin({ program: writerTool.name, options: common, format, ...stdin, quiet, json }, io, style).catch((err: unknown) => {
      throw fromLayoutLine(err, flags);
    });
  }
  // The demo's record goes into a segment this run creates when no value is given (write-record.ts).
  const initial = Object.keys(values).length === 0 && layout === MY_DATA ? DEMO : undefined;
  const job = { ...common, values, initial, record: flags.record };
  // A recreate killed between building the new segment and renaming it would leave it behind.
  const result = flags.recreate ? uninterrupted(() => writeRecord(job)) : writeRecord(job);
  if (!flags.quiet) warnUnstored(io, writerTool.name, name, layout, result.layoutStored);
  if (flags.json) {
    const { size, sizeBefore, created, written } = result;
    const record = flags.record ? new RawJson(recordJson(layout, result.record)) : null;
    io.out(`${toJson({ name, index, size, sizeBefore, created, fields: written, record })}\n`);
  } else if (!flags.quiet) io.out(`${recordDone(result, flags.record ? layout : null, common.mode, style)}\n`);
  return EXIT.OK;
}

/** `--unlink`: the names or patterns given as operands, or the one --name names (never a pattern). */
function unlink(flags: WriterFlags, io: Io): number {
  const literal = flags.operands.length === 0;
  const request = { targets: literal ? [flags.name] : flags.operands, literal, dryRun: flags.dryRun === true, json: flags.json === true };
  const style = styleFor(useColor(io.stdoutIsTTY(), flags.color, io.env));
  return unlinkSegments({ ...request, quiet: flags.quiet === true, debug: flags.debug === true }, io, style);
}

/** What a one-record run did, in a line: the record (unless --no-record), the fields written, and the segment's size. */
function recordDone(result: WriteResult, layout: Layout | null, mode: number, style: Style): string {
  const { name, index, size, sizeBefore, created, written } = result;
  const sized = created
    ? `new segment, ${humanBytes(size)}, mode ${octalMode(mode)}`
    : size === sizeBefore
      ? humanBytes(size)
      : `${size > sizeBefore ? 'grew' : 'shrank'} from ${humanBytes(sizeBefore)} to ${humanBytes(size)}`;
  if (layout === null) return `${style.name(name)}  ${style.note(`(${sized})`)}`;
  // A whole record written goes without saying; part of one, or none, does not.
  const fields =
    written.length === layout.fields.length || (written.length === 0 && created)
      ? ''
      : written.length === 0
        ? 'left as it was; '
        : `wrote ${listWords(written)}; `;
  return `${humanRecord(layout, name, index, (f) => valueText(f, result.record[f.name], 'human'), style)}  ${style.note(`(${fields}${sized})`)}`;
}

/** The values given: `--set` fields, and `--col1`...`--col3` on the default layout. */
function recordValues(flags: WriterFlags, layout: Layout): RecordValues {
  const cols = { Col1: flags.col1, Col2: flags.col2, Col3: flags.col3 };
  const sets = flags.set ?? [];
  const values: RecordValues = Object.create(null) as RecordValues;
  if (layout !== MY_DATA) {
    if (Object.values(cols).some((v) => v !== undefined))
      throw ShmError.usage(`--col1, --col2 and --col3 are for the default layout, MyData; for ${layoutSpec(layout)}, use --set NAME=VALUE`);
  } else {
    for (const [col, text] of Object.entries(cols)) if (text !== undefined) values[col] = parseValueText(fieldOf(layout, col), text, false);
  }
  const once = (field: string) => {
    if (Object.hasOwn(values, field)) throw ShmError.usage(`${field} is given twice: give each field once`);
    return field;
  };
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq < 1) throw ShmError.usage(`--set takes FIELD=VALUE, not ${quote(set)}`);
    values[once(set.slice(0, eq))] = parseValueText(fieldOf(layout, set.slice(0, eq)), set.slice(eq + 1), false);
  }
  return values;
}

/** Checks the layout against the one the segment stores, before anything is opened (it is checked again under the lock). */
function agrees(name: string, found: SegmentLayout, flags: WriterFlags): void {
  try {
    checkLayoutAgrees(name, found, flags.relayout === true);
  } catch (err) {
    throw fromLayoutLine(err, flags);
  }
}

/** A layout refused (before the write, or under its lock) that came from the input's first line: the error says so. */
function fromLayoutLine(err: unknown, flags: WriterFlags): unknown {
  return flags.withLayout && err instanceof ShmError && err.details.reason === 'other-layout' ? err.with({ line: 1 }) : err;
}

/** Runs `shm-writer` with the user's arguments and resolves to its exit code. */
export function runWriter(argv: readonly string[], io: Io = processIo()): Promise<number> {
  return runTool(writerTool, argv, io);
}
