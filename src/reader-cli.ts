import { decodeField, fieldOf } from './codec';
import { buildProgram, EXIT, main as runMain, processIo, runTool, type Io, type Tool } from './cli';
import { humanRecord, styleFor, useColor } from './format';
import { parseCount, parseIndex, parseName } from './parse';
import { progress, type Progress } from './progress';
import { parseLayout, type Field } from './layout';
import { formatRecords, type Output } from './record-text';
import { valueText } from './value-text';
import { streamRecords } from './records';

interface ReaderFlags {
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
  ],
  examples: [
    'shm-reader --name my_shm                  # /my_shm[0]  Col1=100  Col2=876  Col3=8021',
    'shm-reader --name my_shm --all --json',
    "shm-reader --name my_shm --all --tsv | awk '{ s += $3 } END { print s }'",
    'total=$(shm-reader --name my_shm --field Col3)',
  ],
  action: read,
};

async function read(flags: ReaderFlags, io: Io): Promise<number> {
  const layout = parseLayout(flags.layout, flags.packed === true);
  const name = parseName(flags.name);
  const index = parseIndex(flags.index);
  const count = flags.all ? 'all' : flags.count === undefined ? 1 : parseCount(flags.count);
  const field: Field | undefined = flags.field === undefined ? undefined : fieldOf(layout, flags.field);
  const output: Output | undefined = field !== undefined ? { only: field } : flags.json ? 'json' : flags.tsv ? 'tsv' : undefined;
  const style = styleFor(output === undefined && useColor(io.stdoutIsTTY(), flags.color, io.env));
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
