import { decodeRecord } from '../model/codec';
import { MY_DATA, type Layout, type RecordValues } from '../model/layout';
import { streamRecords } from '../store/read';
import { watchRecords, type WatchOptions } from '../store/watch';
import { formatRecords, type Output } from '../text/record-format';
import { valueText } from '../text/value-text';
import { EXIT } from './exit-codes';
import type { Io } from './io';
import { clock, humanRecord, machineOutput } from './render';
import { interruptible } from './run';
import type { Style } from './style';
import type * as liveView from './watch-live';

/** How often a watch checks that the reader of its output is still there, whatever its interval. */
const CLOSED_CHECK_MS = 250;

/**
 * `--watch`: the records now, then each time they change, until Ctrl-C or the reader of the output
 * goes; with `live`, as a table redrawn in place on the terminal until `q`.
 */
export async function watch(
  io: Io,
  what: Omit<WatchOptions, 'signal'>,
  outputFor: (layout: Layout) => Output | undefined,
  style: Style,
  live?: { readonly colour: boolean },
): Promise<number> {
  const { name } = what;
  if (live !== undefined) {
    // Built apart (dist/bin/watch-live.js) and loaded only here: the terminal handling costs the other runs nothing.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { watchLive } = require('./watch-live') as typeof liveView;
    await interruptible((signal) =>
      watchLive({
        name,
        colour: live.colour,
        signal,
        watch: (callbacks, onChange) => watchRecords({ ...what, ...callbacks }, onChange),
        read: async (layout, index, count, signal, into) => {
          await streamRecords({ name, layout, index, count, signal }, (b) =>
            into(b.firstIndex, new Uint8Array(b.view.buffer, b.view.byteOffset, b.view.byteLength)),
          );
        },
      }),
    );
    return EXIT.OK;
  }
  // The layout of the segment the watch opened: the one given, else the one stored with it then.
  let layout = what.layout ?? MY_DATA;
  // Values reach a terminal with their control characters escaped; a pipe gets them as they are.
  const machine = machineOutput(io);
  let output = outputFor(layout);
  const human = (time: Date, index: number, record: RecordValues): string =>
    `${style.note(clock(time))}  ${humanRecord(layout, name, index, (f) => valueText(f, record[f.name], 'human'), style)}\n`;
  await interruptible(async (interrupt) => {
    // Ends on Ctrl-C, or once the reader of our output has gone: `--watch | head -n 1` may never write again to notice.
    const stop = new AbortController();
    interrupt.addEventListener('abort', () => stop.abort(), { once: true });
    const check = setInterval(() => io.outputClosed() && stop.abort(), CLOSED_CHECK_MS);
    try {
      const onStart = (watched: { layout: Layout }) => {
        layout = watched.layout;
        output = outputFor(layout);
      };
      await watchRecords({ ...what, signal: stop.signal, onStart }, ({ time, indexes, all, view, firstIndex }) => {
        const at = (index: number) => (index - firstIndex) * layout.size;
        if (all && (output === 'json' || output === 'tsv')) {
          // A whole batch (the first look): in one go, as a dump prints it.
          machine(formatRecords(layout, view, view.byteLength / layout.size, output, { time: time.toISOString(), firstIndex }));
          return;
        }
        if (output !== 'json' && output !== 'tsv') {
          io.out(indexes.map((index) => human(time, index, decodeRecord(layout, view, at(index)))).join(''));
          return;
        }
        // Each run of consecutive records in one go, as a dump prints them.
        const iso = time.toISOString();
        for (let k = 0; k < indexes.length;) {
          let end = k + 1;
          while (end < indexes.length && indexes[end] === indexes[end - 1] + 1) end++;
          const run = new DataView(view.buffer, view.byteOffset + at(indexes[k]), (end - k) * layout.size);
          machine(formatRecords(layout, run, end - k, output, { time: iso, firstIndex: indexes[k] }));
          k = end;
        }
      });
    } finally {
      clearInterval(check);
    }
  });
  return EXIT.OK;
}
