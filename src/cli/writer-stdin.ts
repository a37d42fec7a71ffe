import { ShmError } from '../model/errors';
import type { Layout } from '../model/layout';
import { sameLayout, storedLayoutText } from '../model/layout-spec';
import { recordsPerBatch } from '../model/limits';
import type { AttributeWrite } from '../shm/libc';
import { writeChunks, type BulkOptions } from '../store/bulk';
import { firstLine, readLayoutLine } from '../text/layout-line';
import type { InputFormat } from '../text/record-parse';
import { recordChunks } from '../text/record-stream';
import { toJson } from '../text/json';
import { EXIT } from './exit-codes';
import type { Io } from './io';
import { progress } from './progress';
import { humanBytes } from './render';
import { interruptible } from './run';
import type { Style } from './style';

/** How long input may pause before the records read so far are written. */
const IDLE_MS = 20;

/** A `shm-writer --stdin` run: what to write where, the input, and how to report. */
export interface StdinJob {
  readonly program: string;
  readonly options: Omit<BulkOptions, 'signal'>;
  readonly format: InputFormat;
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Lines of the input read before the records (the layout line): error line numbers count them. */
  readonly linesBefore: number;
  readonly quiet: boolean;
  readonly json: boolean;
}

/** `--stdin`: one record per input line into consecutive slots, with a progress bar on a terminal; resolves to the exit code. */
export async function writeStdin(job: StdinJob, io: Io, style: Style): Promise<number> {
  const { program, options } = job;
  // Typed at a terminal, input has no visible end: say how to give one (clig.dev).
  if (io.stdinIsTTY()) io.err(`${program}: reading records from the terminal, one per line; Ctrl-D ends them, Ctrl-C stops\n`);
  const bar = progress(io.stderrIsTTY() && !job.quiet, io.err, 'writing');
  try {
    // Reading stdin can take any time: Ctrl-C ends it after the batch in hand, and says how far it got.
    const result = await interruptible((signal) => {
      const { layout, index } = options;
      const chunks = recordChunks(job.chunks, {
        layout,
        format: job.format,
        index,
        perChunk: recordsPerBatch(layout),
        idleMs: IDLE_MS,
        signal,
        linesBefore: job.linesBefore,
      });
      return writeChunks({ ...options, signal, onProgress: (n) => bar.update(n) }, chunks);
    });
    bar.end();
    const { name, index, written, size, created } = result;
    if (!job.quiet) warnUnstored(io, program, name, options.layout, result.layoutStored);
    if (job.json) io.out(`${toJson({ name, index, written, size, created })}\n`);
    else if (!job.quiet) {
      const slots = written === 0 ? 'no records' : `${written} record${written === 1 ? '' : 's'} at ${index} to ${index + written - 1}`;
      io.out(`${style.name(name)}: wrote ${slots}  ${style.note(`(${created ? 'new segment, ' : ''}${humanBytes(size)})`)}\n`);
    }
    return EXIT.OK;
  } finally {
    bar.end();
  }
}

/** Says so on stderr when the layout could not be stored with the segment (none is, then): readers will need it given. */
export function warnUnstored(io: Io, program: string, name: string, layout: Layout, stored: AttributeWrite | undefined): void {
  if (stored !== 'too-large' && stored !== 'no-room') return;
  const why =
    stored === 'too-large'
      ? `its layout (${Buffer.byteLength(storedLayoutText(layout))} bytes of text) is too large to store with it`
      : '/dev/shm has no room left to store its layout';
  io.err(`${program}: ${name} was written, but ${why}: readers need --layout\n`);
}

/** `--with-layout`: the layout the input's first line says (`--layout`, where given too, must agree), and the lines after it. */
export async function layoutFromInput(io: Io, option: Layout | undefined) {
  const { line, rest } = await firstLine(io.stdin());
  if (line === null) throw ShmError.usage('--with-layout: the input is empty, with no layout line', { line: 1 });
  const given = readLayoutLine(line);
  if (option !== undefined && !sameLayout(option, given))
    throw ShmError.usage(`--layout ${storedLayoutText(option)} and the layout line, ${storedLayoutText(given)}, differ`);
  return { given, chunks: rest, linesBefore: 1 };
}
