import { decodeField } from '../model/codec';
import { ShmError } from '../model/errors';
import { parseName } from '../model/limits';
import { fieldOf } from '../model/values';
import { MY_DATA, type Layout } from '../model/layout';
import { segmentInfo } from '../store/info';
import { segmentLayout } from '../store/segment-layout';
import { statSegment } from '../shm/shm-file';
import { emitLayout, EMIT_LANGUAGES, typeName } from '../text/emit/emit';
import { layoutLine } from '../text/layout-line';
import { streamRecords } from '../store/read';
import { formatRecords, type Output } from '../text/record-format';
import { valueText } from '../text/value-text';
import { parseCount, parseEmitLanguage, parseIndex, parseInterval, parseLayoutOption } from './arguments';
import { EXIT } from './exit-codes';
import { processIo, type Io } from './io';
import { progress, type Progress } from './progress';
import { COLUMNS } from './columns';
import { info, list } from './reader-info';
import { watch } from './reader-watch';
import { humanRecord, machineOutput } from './render';
import { runTool } from './run';
import { styleFor, useColor } from './style';
import type { Tool } from './tool';

/** The reader's parsed flags. */
interface ReaderFlags {
  info?: true;
  list?: true;
  watch?: true;
  interval: string;
  name: string;
  layout?: string;
  packed?: true;
  index: string;
  count?: string;
  all?: true;
  json?: true;
  tsv?: true;
  field?: string;
  quiet?: true;
  output?: string;
  bytes?: true;
  noheadings?: true;
  raw?: true;
  operands: string[];
  named: boolean;
  color: boolean;
  live: boolean;
  emit?: string;
  withLayout?: true;
  debug?: true;
}

/** The options that shape --list only. */
const LIST_ONLY = ['output', 'bytes', 'noheadings', 'raw'] as const;

/** `shm-reader`: its options, help and action. */
export const readerTool: Tool<ReaderFlags> = {
  name: 'shm-reader',
  description: 'Print records from a POSIX shared-memory segment, read-only.',
  usage: [
    '[options] [NAME]',
    '--info [--json] [NAME]',
    "--list [--output COLS] [--bytes] [--noheadings] [--raw | --json] ['PATTERN']",
    '--watch [options] [NAME]',
    '--emit c|cpp|go|rust|python|numpy|ts [--layout SPEC] [NAME]',
  ],
  options: [
    { flags: '--index <n>', description: 'first record to print', default: '0' },
    { flags: '--count <n>', description: 'how many consecutive records to print' },
    { flags: '--all', description: 'print every whole record in the segment', conflicts: ['count', 'index'] },
    { flags: '--json', description: 'one JSON object per record per line, exact digits', conflicts: ['tsv'] },
    { flags: '--tsv', description: 'tab-separated values, one record per line, for awk, sort and shm-writer --stdin' },
    { flags: '--field <name>', description: 'print only this field, one bare value per line', conflicts: ['json', 'tsv'] },
    { flags: '-q, --quiet', description: 'no progress bar on stderr' },
    {
      flags: '--info',
      description: 'describe the segment: size, bytes it occupies, mode, owner, times, records',
      conflicts: ['list', 'watch', 'all', 'count', 'index', 'tsv', 'field'],
    },
    {
      flags: '--list',
      description: "list the segments in /dev/shm (or those a name or quoted pattern matches, 'job-*') with what /dev/shm has free",
      conflicts: ['watch', 'all', 'count', 'index', 'tsv', 'field'],
    },
    {
      flags: '--output <columns>',
      description: `with --list: these columns, comma-separated, or +COLS added to the default ones: ${COLUMNS.map((c) => c.id).join(', ')}`,
      values: COLUMNS.map((c) => c.id),
      // JSON gives every fact, sizes in bytes, and no header: these shape the table only.
      conflicts: ['json'],
    },
    { flags: '--bytes', description: 'with --list: sizes in bytes', conflicts: ['json'] },
    { flags: '--noheadings', description: 'with --list: no header line, no last line', conflicts: ['json'] },
    { flags: '--raw', description: 'with --list: tab-separated rows, every column asked for, for scripts', conflicts: ['json'] },
    { flags: '--watch', description: 'print the records now and every time they change, until Ctrl-C', conflicts: ['field'] },
    { flags: '--interval <ms>', description: 'how often --watch looks', default: '100' },
    { flags: '--no-live', description: 'with --watch on a terminal, print a line per change instead of the live table' },
    {
      flags: '--with-layout',
      description: 'with --tsv or --json: first a line that says the layout, for shm-writer --stdin --with-layout',
      conflicts: ['field', 'watch', 'info', 'list', 'emit'],
    },
    {
      flags: '--emit <lang>',
      description: `print the layout in use (stored, given or the default) as a declaration in ${EMIT_LANGUAGES.join(', ')}`,
      values: EMIT_LANGUAGES,
      conflicts: ['list', 'info', 'watch', 'all', 'count', 'index', 'json', 'tsv', 'field'],
    },
  ],
  examples: [
    'shm-reader --name my_shm                  # /my_shm[0]  Col1=100  Col2=876  Col3=8021',
    'shm-reader --name my_shm --all --json',
    "shm-reader --name my_shm --all --tsv | awk '{ s += $3 } END { print s }'",
    'total=$(shm-reader --name my_shm --field Col3)',
    'shm-reader --list',
    "shm-reader --list 'job-*' --output NAME,SIZE --bytes --raw",
    'shm-reader --name my_shm --watch --json',
    'shm-reader --name ticks --emit c > tick.h',
  ],
  action: read,
};

async function read(flags: ReaderFlags, io: Io): Promise<number> {
  // Every argument is checked before the first system call.
  const given = parseLayoutOption(flags.layout, flags.packed === true);
  const name = parseName(flags.name);
  const index = parseIndex(flags.index);
  const count = flags.all ? 'all' : flags.count === undefined ? 1 : parseCount(flags.count);
  const intervalMs = parseInterval(flags.interval);
  const emit = flags.emit === undefined ? undefined : parseEmitLanguage(flags.emit);
  if (flags.withLayout && !flags.tsv && !flags.json) throw ShmError.usage('--with-layout goes with --tsv or --json');
  for (const only of LIST_ONLY) if (flags[only] !== undefined && !flags.list) throw ShmError.usage(`--${only} is for --list`);
  if (flags.list) {
    // The name given, by --name or as the operand, is the filter: a name or a pattern.
    const options = {
      output: flags.output,
      bytes: flags.bytes === true,
      heading: flags.noheadings !== true,
      raw: flags.raw === true,
      match: flags.named ? flags.name : undefined,
    };
    return list(given, flags, options, io);
  }
  if (emit !== undefined) {
    // Without --layout, the segment's own: it must be there to have one.
    const layout = given ?? (statSegment(name), segmentLayout(name).layout);
    io.out(emitLayout(layout, emit, typeName(layout, name), name));
    return EXIT.OK;
  }
  if (flags.info) {
    // An attribute that holds no layout is shown, not refused: --info is where to look into it.
    const found = segmentLayout(name, given, { lenient: true });
    return info(segmentInfo(name, found.layout), found, flags, io);
  }
  // The layout given, else the one stored with the segment opened (read from its descriptor, as the
  // one under the name may have been replaced since), else MyData. --field is checked against the
  // one stored now before anything is opened, and again against the one read.
  const outputFor = (layout: Layout): Output | undefined =>
    flags.field !== undefined ? { only: fieldOf(layout, flags.field) } : flags.json ? 'json' : flags.tsv ? 'tsv' : undefined;
  const output = outputFor(given ?? (flags.field === undefined ? MY_DATA : segmentLayout(name).layout));
  const colour = output === undefined && useColor(io.stdoutIsTTY(), flags.color, io.env);
  const style = styleFor(colour);
  if (flags.watch) {
    // The live table on a terminal that can redraw; lines anywhere else, and when asked for.
    const live = output === undefined && flags.live && io.stdoutIsTTY() && io.env.TERM !== 'dumb';
    return watch(io, { name, layout: given, index, count, intervalMs }, outputFor, style, live ? { colour } : undefined);
  }
  // Before the first batch, once the segment is open and the records checked: a failed read prints nothing.
  let head = flags.withLayout && (output === 'tsv' || output === 'json');
  // Values reach a terminal with their control characters escaped; a pipe gets them as they are.
  const machine = machineOutput(io);
  let bar: Progress | undefined;
  // No Ctrl-C handler: a reader has nothing to finish, and one blocked writing to a full pipe
  // (`| less`) could not run a handler anyway. The signal's default ends it at once.
  await streamRecords({ name, layout: given, index, count }, ({ firstIndex, count: n, view, done, total, layout }) => {
    if (done < total) bar ??= progress(io.stderrIsTTY() && !flags.quiet, io.err, 'reading', total);
    const output = outputFor(layout);
    if (head && (output === 'tsv' || output === 'json')) io.out(layoutLine(layout, output));
    head = false;
    if (output !== undefined) machine(formatRecords(layout, view, n, output));
    else {
      let out = '';
      for (let k = 0; k < n; k++)
        out += `${humanRecord(layout, name, firstIndex + k, (f) => valueText(f, decodeField(f, view, k * layout.size), 'human'), style)}\n`;
      io.out(out);
    }
    bar?.update(done);
  }).finally(() => bar?.end());
  return EXIT.OK;
}

/** Runs `shm-reader` with the user's arguments and resolves to its exit code. */
export function runReader(argv: readonly string[], io: Io = processIo()): Promise<number> {
  return runTool(readerTool, argv, io);
}
