import { encodeRecord } from '../../src/model/codec';
import type { Layout, RecordValues } from '../../src/model/layout';
import { WatchView } from '../../src/cli/watch-view';

/** `records` of `layout` as their bytes, one after another. */
export function bytesOf(layout: Layout, records: ReadonlyArray<Partial<RecordValues>>): DataView {
  const view = new DataView(new ArrayBuffer(records.length * layout.size));
  records.forEach((r, k) => encodeRecord(layout, r, view, k * layout.size));
  return view;
}

/** A live view of `records` of `layout` (from record 0), `rows` high, after its first look at time `t0`. */
export function viewAfterFirstLook(
  layout: Layout,
  records: ReadonlyArray<Partial<RecordValues>>,
  rows: number,
  t0: number,
  name = '/seg',
): WatchView {
  const view = new WatchView(layout, name, 0, records.length);
  view.resize(rows);
  view.change({ time: new Date(t0), all: true, indexes: [], firstIndex: 0, view: bytesOf(layout, records) }, t0);
  return view;
}
