import { decodeField, decodeRecord, fieldOf } from './codec';
import { buildProgram, EXIT, interruptible, main as runMain, processIo, runTool, type Io, type Tool } from './cli';
import { clock, dateTime, humanBytes, humanRecord, octalMode, permissions, styleFor, table, toJson, useColor, type Style } from './format';
import { listSegments, segmentInfo, type SegmentInfo } from './inspect';
import { parseCount, parseIndex, parseInterval, parseName } from './parse';
import { progress, type Progress } from './progress';
import { MY_DATA, parseLayout, type Field, type Layout, type RecordValues } from './layout';
import { formatRecords, recordJson, type Output } from './record-text';
import { valueText } from './value-text';
import { streamRecords, type ReadOptions } from './records';
import { watchRecords } from './watch';

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
  color: boolean;
  debug?: true;
}

/** `shm-reader`: its options, help and action. */
export const readerTool: Tool<ReaderFlags> = {
  name: 'shm-reader',
  description: 'Print records from a POSIX shared-memory segment, read-only.',
  options: [
    { flags: '--index <n>', description: 'first record to print', default: '0' },
    { flags: '--count <n>', description: 'how many consecutive records to print' },
    { flags: '--all', description: 'print every whole record in the segment', conflicts: ['count', 'index'] },
    { flags: '--json', description: 'one JSON object per record per line, exact digits', conflicts: ['tsv'] },
    { flags: '--tsv', description: 'tab-separated values, one record per line, for awk, sort and shm-writer --stdin' },
    { flags: '--field <name>', description: 'print only this field, one bare value per line', conflicts: ['json', 'tsv'] },
    { flags: '-q, --quiet', description: 'no progress bar on stderr' },
    { flags: '--info', description: 'describe the segment: size, bytes it occupies, mode, owner, times, records', conflicts: ['list', 'watch', 'all', 'count', 'index', 'tsv', 'field'] },
    { flags: '--list', description: 'list every segment in /dev/shm, as --info does', conflicts: ['name', 'watch', 'all', 'count', 'index', 'tsv', 'field'] },
    { flags: '--watch', description: 'print the records now and every time they change, until Ctrl-C', conflicts: ['field'] },
    { flags: '--interval <ms>', description: 'how often --watch looks', default: '100' },
  ],
  examples: [
    'shm-reader --name my_shm                  # /my_shm[0]  Col1=100  Col2=876  Col3=8021',
    'shm-reader --name my_shm --all --json',
    "shm-reader --name my_shm --all --tsv | awk '{ s += $3 } END { print s }'",
    'total=$(shm-reader --name my_shm --field Col3)',
    'shm-reader --list',
    'shm-reader --name my_shm --watch --json',
  ],
  action: read,
};

async function read(flags: ReaderFlags, io: Io): Promise<number> {
  const layout = parseLayout(flags.layout, flags.packed === true);
  if (flags.list) return list(layout, flags, io);
  const name = parseName(flags.name);
  if (flags.info) return info(segmentInfo(name, layout), layout, flags, io);
  const index = parseIndex(flags.index);
  const count = flags.all ? 'all' : flags.count === undefined ? 1 : parseCount(flags.count);
  const field: Field | undefined = flags.field === undefined ? undefined : fieldOf(layout, flags.field);
  const output: Output | undefined = field !== undefined ? { only: field } : flags.json ? 'json' : flags.tsv ? 'tsv' : undefined;
  const style = styleFor(output === undefined && useColor(io.stdoutIsTTY(), flags.color, io.env));
  if (flags.watch) return watch(flags, io, { name, layout, index, count }, output, style);
  let bar: Progress | undefined;
  // No Ctrl-C handler: a reader has nothing to finish, and one blocked writing to a full pipe
  // (`| less`) could not run a handler anyway. The signal's default ends it at once.
  await streamRecords({ name, layout, index, count }, ({ firstIndex, count: n, view, done, total }) => {
    if (done < total) bar ??= progress(io.stderrIsTTY() && !flags.quiet, io.err, 'reading', total);
    if (output !== undefined) io.out(formatRecords(layout, view, n, output));
    else {
      let out = '';
      for (let k = 0; k < n; k++) out += `${humanRecord(layout, name, firstIndex + k, (f) => valueText(f, decodeField(f, view, k * layout.size), 'human'), style)}\n`;
      io.out(out);
    }
    bar?.update(done);
  }).finally(() => bar?.end());
  return EXIT.OK;
}

/** Builds the `shm-reader` commander program, for help and in-process tests; `setCode` receives the exit code. */
export function createReaderProgram(io: Io, setCode: (code: number) => void) {
  return buildProgram(readerTool, io, setCode);
}

/** Runs `shm-reader` with the user's arguments and resolves to its exit code. */
export function runReader(argv: readonly string[], io: Io = processIo()): Promise<number> {
  return runTool(readerTool, argv, io);
}

/** The bin's entry point. */
export function main(): void {
  runMain(readerTool);
}

const INFO_HEADER = ['NAME', 'SIZE', 'USED', 'MODE', 'OWNER', 'GROUP', 'MODIFIED', 'RECORDS'];

function infoJson(i: SegmentInfo): string {
  const { name, size, allocated, uid, user, gid, group, records, recordSize } = i;
  return toJson({ name, size, allocated, mode: octalMode(i.mode), uid, user, gid, group, modified: i.modified.toISOString(), changed: i.changed.toISOString(), records, recordSize });
}

function infoRow(i: SegmentInfo): string[] {
  const who = (n: string | null, id: number) => n ?? String(id);
  return [i.name, humanBytes(i.size), humanBytes(i.allocated), `${octalMode(i.mode)} ${permissions(i.mode)}`, who(i.user, i.uid), who(i.group, i.gid), dateTime(i.modified), String(i.records)];
}

function info(i: SegmentInfo, layout: Layout, flags: ReaderFlags, io: Io): number {
  if (flags.json) {
    io.out(`${infoJson(i)}\n`);
    return EXIT.OK;
  }
  const style = styleFor(useColor(io.stdoutIsTTY(), flags.color, io.env));
  const row = infoRow(i);
  const lines = [
    style.name(i.name),
    `  size      ${row[1]} (${i.size} bytes)`,
    `  occupies  ${row[2]} in /dev/shm`,
    `  mode      ${row[3]}`,
    `  owner     ${row[4]} (${i.uid}), group ${row[5]} (${i.gid})`,
    `  modified  ${row[6]}`,
    `  records   ${i.records} whole ${layout.size}-byte ${layout.name} records`,
  ];
  io.out(`${lines.join('\n')}\n`);
  return EXIT.OK;
}

function list(layout: Layout, flags: ReaderFlags, io: Io): number {
  const segments = listSegments(layout);
  if (flags.json) io.out(`[${segments.map(infoJson).join(',')}]\n`);
  else {
    const width = io.stdoutIsTTY() ? process.stdout.columns || 80 : Infinity;
    io.out(`${table(INFO_HEADER, segments.map(infoRow), width)}\n`);
  }
  return EXIT.OK;
}

async function watch(flags: ReaderFlags, io: Io, what: ReadOptions, output: Output | undefined, style: Style): Promise<number> {
  const intervalMs = parseInterval(flags.interval);
  const { layout = MY_DATA, name } = what;
  const line = (time: Date, index: number, record: RecordValues): string => {
    if (output === 'json') return `{"time":"${time.toISOString()}","index":${index},"record":${recordJson(layout, record)}}`;
    if (output === 'tsv') return `${time.toISOString()}\t${index}\t${layout.fields.map((f) => valueText(f, record[f.name], 'tsv')).join('\t')}`;
    return `${style.note(clock(time))}  ${humanRecord(layout, name, index, (f) => valueText(f, record[f.name], 'human'), style)}`;
  };
  await interruptible(async (interrupt) => {
    // Ends on Ctrl-C, or once the reader of our output has gone: `--watch | head -n 1` may never write again to notice.
    const stop = new AbortController();
    interrupt.addEventListener('abort', () => stop.abort(), { once: true });
    const check = setInterval(() => io.outputClosed() && stop.abort(), Math.max(intervalMs, 100));
    try {
      await watchRecords({ ...what, intervalMs, signal: stop.signal }, ({ time, indexes, view, firstIndex }) => {
        const records = indexes.map((index) => line(time, index, decodeRecord(layout, view, (index - firstIndex) * layout.size)));
        io.out(`${records.join('\n')}\n`);
      });
    } finally {
      clearInterval(check);
    }
  });
  return EXIT.OK;
}
