import type { Layout } from '../model/layout';
import { LookMemory } from './look-memory';
import { BatchReader, type RawBatch, type ReadOptions } from './read';

/** What {@link watchRecords} watches, and how often. */
export interface WatchOptions extends ReadOptions {
  /** Milliseconds between two looks. */
  readonly intervalMs: number;
  /** Ends the watch (it then resolves). */
  readonly signal?: AbortSignal;
  /** Called once the segment is open and checked, with the records watched (`count` from `first`) and their layout. */
  readonly onStart?: (watched: { readonly first: number; readonly count: number; readonly layout: Layout }) => void;
  /** Called after each whole look, with when it began and the segment's size then. */
  readonly onLook?: (look: { readonly time: Date; readonly size: number }) => void;
}

/** Records that changed since the last look (all of them, the first time), as their bytes. */
export interface Changes {
  /** When the look began. */
  readonly time: Date;
  /** Indexes of the records that changed, ascending. */
  readonly indexes: readonly number[];
  /** Every record of the batch changed (so on the first look): `indexes` are `firstIndex` on, one a record of `view`. */
  readonly all: boolean;
  /** Records from `firstIndex` on, as bytes: valid until the callback returns. */
  readonly view: DataView;
  readonly firstIndex: number;
}

/**
 * Looks at records every `intervalMs` and calls `onChange` with the ones that changed, batch by
 * batch: each batch is copied under the shared flock, so a record is never seen half-written by a
 * writer that takes the lock. The first look passes every record on, batch by batch, as a read
 * does. Batches in a hole are not read. What is remembered between looks stays under 64 MiB
 * whatever the segment's size (see {@link LookMemory}). The segment is checked as for a read
 * before the first look. Resolves when `signal` aborts, between two batches; fails with ENOENT when
 * the segment is removed while watched, and with ERANGE_RECORD when it shrinks below the records watched.
 */
export async function watchRecords(options: WatchOptions, onChange: (changes: Changes) => void): Promise<void> {
  const reader = BatchReader.open(options);
  const { seg, layout } = reader;
  const { signal } = options;
  const memory = LookMemory.for(reader.count, layout.size, reader.per);
  try {
    options.onStart?.({ first: reader.first, count: reader.count, layout });
    while (!signal?.aborted) {
      const time = new Date();
      const { size, removed } = seg.status();
      if (removed) throw seg.removedError('watched');
      let batch = 0;
      for (const i of reader.starts()) {
        let copied: RawBatch;
        try {
          copied = await reader.copyAsync(i, signal, 'watched', true);
        } catch (err) {
          if (signal?.aborted) return;
          throw err;
        }
        const { view, count, hole = false } = copied;
        const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
        const changed = memory.compare({ batch: batch++, first: i, count, bytes, hole });
        if (changed === 'all') onChange(allChanged(time, view, i, count));
        else if (changed.length > 0) onChange({ time, indexes: changed, all: false, view, firstIndex: i });
        // Lets Ctrl-C (and the check for a closed output) in between batches of a long look.
        await new Promise((resolve) => setImmediate(resolve));
        if (signal?.aborted) return;
      }
      options.onLook?.({ time, size });
      await sleep(options.intervalMs, signal);
    }
  } finally {
    seg.close();
  }
}

/** A batch whose records all changed; its indexes are made only if asked for (a first look prints a million). */
function allChanged(time: Date, view: DataView, firstIndex: number, count: number): Changes {
  let indexes: number[] | undefined;
  return {
    time,
    view,
    firstIndex,
    all: true,
    get indexes() {
      return (indexes ??= Array.from({ length: count }, (_, k) => firstIndex + k));
    },
  };
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
