import { BatchReader, type RawBatch, type ReadOptions } from './read';

/** What {@link watchRecords} watches, and how often. */
export interface WatchOptions extends ReadOptions {
  /** Milliseconds between two looks. */
  readonly intervalMs: number;
  /** Ends the watch (it then resolves). */
  readonly signal?: AbortSignal;
}

/** Records that changed since the last look (all of them, the first time), as their bytes. */
export interface Changes {
  /** When the look began. */
  readonly time: Date;
  /** Indexes of the records that changed, ascending. */
  readonly indexes: readonly number[];
  /** Records from `firstIndex` on, as bytes: valid until the callback returns. */
  readonly view: DataView;
  readonly firstIndex: number;
}

/**
 * Looks at records every `intervalMs` and calls `onChange` with the ones that changed, batch by
 * batch: each batch is copied under the shared flock, so a record is never seen half-written by a
 * writer that takes the lock. The segment is checked as for a read before the first look.
 * Resolves when `signal` aborts. Fails with ENOENT when the segment is removed while watched, and
 * with ERANGE_RECORD when it shrinks below the records watched.
 */
export async function watchRecords(options: WatchOptions, onChange: (changes: Changes) => void): Promise<void> {
  const reader = BatchReader.open(options);
  const { seg, layout } = reader;
  const { signal } = options;
  try {
    // The last copy of every record watched, to compare each look with; none before the first look.
    let previous: Uint8Array | undefined;
    while (!signal?.aborted) {
      const time = new Date();
      if (seg.status().removed) throw seg.removedError('watched');
      const firstLook = previous === undefined;
      const last = (previous ??= new Uint8Array(reader.count * layout.size));
      for (const i of reader.starts()) {
        let batch: RawBatch;
        try {
          batch = await reader.copyAsync(i, signal, 'watched');
        } catch (err) {
          if (signal?.aborted) return;
          throw err;
        }
        const { view, count } = batch;
        const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
        const old = last.subarray((i - reader.first) * layout.size, (i - reader.first + count) * layout.size);
        const indexes = firstLook ? Array.from({ length: count }, (_, k) => i + k) : changed(old, bytes, layout.size, i);
        old.set(bytes);
        if (indexes.length > 0) onChange({ time, indexes, view, firstIndex: i });
      }
      await sleep(options.intervalMs, signal);
    }
  } finally {
    seg.close();
  }
}

/** Indexes of the records that differ between two copies of the records from `first` on. */
function changed(previous: Uint8Array, current: Uint8Array, size: number, first: number): number[] {
  // Compare in large blocks first: a million unchanged records cost a few memcmp, not a million.
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
