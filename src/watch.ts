import { ShmError } from './errors';
import { MY_DATA } from './layout';
import { recordOffset, type ReadOptions } from './records';
import { Segment } from './segment';

/** What {@link watchRecords} watches, and how often. */
export interface WatchOptions extends ReadOptions {
  /** Milliseconds between two looks. */
  readonly intervalMs: number;
  /** Ends the watch (it then resolves). */
  readonly signal?: AbortSignal;
}

/** Records that changed since the last look (all of them, the first time), as their bytes. */
export interface Changes {
  readonly time: Date;
  /** Indexes of the records that changed, ascending. */
  readonly indexes: readonly number[];
  /** The records watched, as bytes, from the first one: valid until the callback returns. */
  readonly view: DataView;
  readonly firstIndex: number;
}

/**
 * Looks at records every `intervalMs` and calls `onChange` with the ones that changed: each look
 * copies the records under the shared flock, so a record is never seen half-written by a writer
 * that takes the lock. Resolves when `signal` aborts. Fails with ENOENT when the segment is
 * removed while watched, and with ERANGE_RECORD when it shrinks below the records watched.
 */
export async function watchRecords(options: WatchOptions, onChange: (changes: Changes) => void): Promise<void> {
  const layout = options.layout ?? MY_DATA;
  const first = options.index ?? 0;
  recordOffset(layout, first);
  const seg = Segment.open(options.name, { access: 'read' });
  try {
    let count = -1;
    let previous: Uint8Array | undefined;
    let current: Uint8Array = new Uint8Array(0);
    while (!options.signal?.aborted) {
      try {
        await seg.lockAsync('shared', options.signal);
      } catch (err) {
        if (options.signal?.aborted) return;
        throw err;
      }
      try {
        const { size, removed } = seg.status();
        if (removed) throw seg.removedError('watched');
        const total = Math.floor(size / layout.size);
        if (count === -1) count = options.count === 'all' ? Math.max(0, total - first) : options.count ?? 1;
        if (first + count > total) {
          throw new ShmError('ERANGE_RECORD', `${seg.name} shrank while being watched: it holds ${total} whole records, ${first + count} were watched`, undefined, seg.name);
        }
        if (current.length !== count * layout.size) current = new Uint8Array(count * layout.size);
        seg.read(first * layout.size, count * layout.size, current);
      } finally {
        seg.lock('unlock');
      }
      const indexes = changed(previous, current, layout.size, first);
      if (indexes.length > 0) onChange({ time: new Date(), indexes, view: new DataView(current.buffer, current.byteOffset, current.byteLength), firstIndex: first });
      [previous, current] = [current, previous ?? new Uint8Array(current.length)];
      await sleep(options.intervalMs, options.signal);
    }
  } finally {
    seg.close();
  }
}

/** Indexes of the records that differ between two copies; every one when there is no previous copy. */
function changed(previous: Uint8Array | undefined, current: Uint8Array, size: number, first: number): number[] {
  const n = current.length / size;
  if (previous === undefined) return Array.from({ length: n }, (_, k) => first + k);
  // Compare in large blocks first: a million unchanged records cost one memcmp, not a million.
  const block = size * 4096;
  const out: number[] = [];
  for (let start = 0; start < current.length; start += block) {
    const end = Math.min(start + block, current.length);
    if (Buffer.compare(previous.subarray(start, end), current.subarray(start, end)) === 0) continue;
    for (let o = start; o < end; o += size) {
      if (Buffer.compare(previous.subarray(o, o + size), current.subarray(o, o + size)) !== 0) out.push(first + o / size);
    }
  }
  return out;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
