import { StringDecoder } from 'node:string_decoder';
import { MY_DATA, type Layout } from './codec';
import { ShmError } from './errors';
import { MAX_BYTES } from './parse';
import { parseRecordLine } from './record-text';
import { recordOffset } from './records';
import { interrupted, Segment, type CreatePolicy, type Interruption } from './segment';

/** What {@link writeLines} should do. The name must come from `parseName`. */
export interface WriteLinesOptions {
  readonly name: string;
  readonly layout?: Layout;
  /** Slot of the first line's record; the next lines go to the slots after it. */
  readonly index: number;
  /** Size to give the segment at least; it still grows as far as the records need. */
  readonly size?: number;
  /** Allows `size` to shrink an existing segment. */
  readonly truncate?: boolean;
  readonly create: CreatePolicy;
  readonly mode?: number;
  /** Stops the job between batches: what was written stays, and the job ends with EINTR. */
  readonly signal?: Interruption;
  /** Called after each batch with the number of records written so far. */
  readonly onProgress?: (written: number) => void;
}

/** What {@link writeLines} did. */
export interface WriteLinesResult {
  readonly name: string;
  readonly index: number;
  readonly written: number;
  readonly size: number;
  readonly created: boolean;
}

/** At most this many bytes of records per batch: each batch is reserved, locked and copied in as one. */
const BATCH_BYTES = 1 << 20;

/**
 * Writes one record per line of `input` (tab-separated or JSON, see `parseRecordLine`) into
 * consecutive slots from `index`, growing the segment as needed and never shrinking it unless
 * `truncate`. Blank lines are skipped. At a bad line the records before it are written, nothing
 * after it is touched, and the error names the line and how many records were written.
 */
export async function writeLines(options: WriteLinesOptions, input: AsyncIterable<Uint8Array | string>): Promise<WriteLinesResult> {
  const layout = options.layout ?? MY_DATA;
  const { name, index, size } = options;
  recordOffset(layout, index);
  const per = Math.floor(BATCH_BYTES / layout.size);
  const batch = new Uint8Array(per * layout.size);
  const view = new DataView(batch.buffer);
  let pending = 0;
  let written = 0;
  let lineNo = 0;
  let seg: Segment | undefined;
  let segSize = 0;

  const summary = () => (written === 0 ? 'nothing was written' : `records ${index} to ${index + written - 1} (${written}) were written before it`);

  const flush = async (): Promise<void> => {
    if (pending === 0) return;
    const offset = (index + written) * layout.size;
    const length = pending * layout.size;
    if (offset + length > MAX_BYTES) throw ShmError.usage(`line ${lineNo}: record ${index + written + pending - 1} is out of range; ${summary()}`, name);
    if (seg === undefined) {
      seg = Segment.open(name, { access: 'write', create: options.create, mode: options.mode });
      segSize = seg.created ? 0 : seg.size();
      if (size !== undefined && size < segSize && !options.truncate) {
        throw ShmError.usage(`${name} is ${segSize} bytes; --size ${size} would shrink it (add --truncate to allow that)`, name);
      }
    }
    await seg.lockAsync('exclusive', options.signal);
    try {
      const before = seg.size();
      try {
        seg.reserve(offset, length);
        segSize = Math.max(before, offset + length);
        if (written === 0 && size !== undefined && size !== segSize && (size > segSize || options.truncate)) {
          segSize = Math.max(size, offset + length);
          seg.resize(segSize);
        }
      } catch (err) {
        if (seg.created && written === 0) seg.discard();
        else if (seg.size() !== before) seg.resize(before);
        throw err;
      }
      seg.update(offset, length, (bytes) => bytes.set(batch.subarray(0, length)));
    } finally {
      seg.lock('unlock');
    }
    written += pending;
    pending = 0;
    options.onProgress?.(written);
  };

  const take = async (raw: string): Promise<void> => {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const problem = parseRecordLine(layout, line, view, pending * layout.size);
    if (problem !== null) {
      await flush();
      throw ShmError.usage(`line ${lineNo}: ${problem}; ${summary()}`, name);
    }
    if (++pending === per) await flush();
  };

  try {
    const decoder = new StringDecoder('utf8');
    let carry = '';
    for await (const chunk of input) {
      const lines = (carry + (typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)))).split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) await take(line);
      // Whatever arrived is written now: a slow producer's records show up as they come.
      await flush();
      if (options.signal?.aborted) {
        await flush();
        throw interrupted(`after line ${lineNo}: ${summary().replace(' before it', '')}`, name);
      }
    }
    await take(carry + decoder.end());
    await flush();
    return { name, index, written, size: segSize, created: seg?.created ?? false };
  } finally {
    seg?.close();
  }
}
