import { decodeRecord } from '../model/codec';
import type { RecordValues } from '../model/layout';
import { watchRecords, type WatchOptions } from '../store/watch';
import { RawJson, toJson } from '../text/json';
import { recordJson, recordTsv, type Output } from '../text/record-format';
import { valueText } from '../text/value-text';
import { EXIT } from './exit-codes';
import type { Io } from './io';
import { clock, humanRecord } from './render';
import { interruptible } from './run';
import type { Style } from './style';

/** How often a watch checks that the reader of its output is still there, whatever its interval. */
const CLOSED_CHECK_MS = 250;

/** `--watch`: the records now, then each time they change, until Ctrl-C or the reader of the output goes. */
export async function watch(io: Io, what: Omit<WatchOptions, 'signal'>, output: Output | undefined, style: Style): Promise<number> {
  const { layout, name } = what;
  const line = (time: Date, index: number, record: RecordValues): string => {
    if (output === 'json') return toJson({ time: time.toISOString(), index, record: new RawJson(recordJson(layout, record)) });
    if (output === 'tsv') return `${time.toISOString()}\t${index}\t${recordTsv(layout, record)}`;
    return `${style.note(clock(time))}  ${humanRecord(layout, name, index, (f) => valueText(f, record[f.name], 'human'), style)}`;
  };
  await interruptible(async (interrupt) => {
    // Ends on Ctrl-C, or once the reader of our output has gone: `--watch | head -n 1` may never write again to notice.
    const stop = new AbortController();
    interrupt.addEventListener('abort', () => stop.abort(), { once: true });
    const check = setInterval(() => io.outputClosed() && stop.abort(), CLOSED_CHECK_MS);
    try {
      await watchRecords({ ...what, signal: stop.signal }, ({ time, indexes, view, firstIndex }) => {
        const records = indexes.map((index) => line(time, index, decodeRecord(layout, view, (index - firstIndex) * layout.size)));
        io.out(`${records.join('\n')}\n`);
      });
    } finally {
      clearInterval(check);
    }
  });
  return EXIT.OK;
}
