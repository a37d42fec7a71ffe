import { MY_DATA, type RecordValues } from '../../src/model/layout';
import { parseLayout } from '../../src/model/layout-spec';
import { HIGHLIGHT_MS, RATE_SPAN_MS, type WatchView } from '../../src/cli/watch-view';
import type { Changes } from '../../src/store/watch';
import { bytesOf, viewAfterFirstLook } from './watch-cases';

const T0 = 1_000_000;

/** A view of `count` records from 0, 5 rows high, after a first look at all-zero records. */
function viewOf(count: number, rows = 5): WatchView {
  const view = viewAfterFirstLook(
    MY_DATA,
    Array.from({ length: count }, () => ({})),
    rows,
    T0,
  );
  view.look(count * 24, T0);
  return view;
}

function changed(indexes: number[], values: Partial<RecordValues>, firstIndex = indexes[0]): Changes {
  const records = Array.from({ length: indexes[indexes.length - 1] - firstIndex + 1 }, () => ({}));
  for (const i of indexes) records[i - firstIndex] = values;
  return { time: new Date(T0 + 10), all: false, indexes, firstIndex, view: bytesOf(MY_DATA, records) };
}

describe('WatchView', () => {
  it('fills the rows on screen from the first look, and no more', () => {
    const view = viewOf(100);
    expect([0, 4].map((i) => view.texts(i))).toEqual([
      ['0', '0', '0'],
      ['0', '0', '0'],
    ]);
    expect(view.texts(5)).toBeUndefined();
    expect(view.missing()).toBeUndefined();
    expect(view.lastChange).toBeUndefined();
  });

  it('lights the fields that changed, for HIGHLIGHT_MS', () => {
    const view = viewOf(10);
    view.change(changed([2], { Col2: 7n }), T0 + 10);
    view.look(240, T0 + 20);
    expect(view.texts(2)).toEqual(['0', '7', '0']);
    expect(view.highlighted(2, T0 + 10)).toEqual(new Set([1]));
    expect(view.highlighted(3, T0 + 10)).toBeUndefined();
    expect(view.anyLit(T0 + 10 + HIGHLIGHT_MS - 1)).toBe(true);
    expect(view.highlighted(2, T0 + 10 + HIGHLIGHT_MS)).toBeUndefined();
    expect(view.anyLit(T0 + 10 + HIGHLIGHT_MS)).toBe(false);
    expect(view.lastChange).toEqual(new Date(T0 + 10));
  });

  it('counts changed records a second over RATE_SPAN_MS', () => {
    const view = viewOf(10);
    view.change(changed([1, 2, 3], { Col1: 1n }), T0 + 1000);
    view.look(240, T0 + 1000);
    view.change(changed([4], { Col1: 1n }), T0 + 2000);
    view.look(240, T0 + 2000);
    expect(view.rate(T0 + 2000)).toBeCloseTo(4 / (RATE_SPAN_MS / 1000));
    expect(view.rate(T0 + 1000 + RATE_SPAN_MS)).toBeCloseTo(1 / (RATE_SPAN_MS / 1000));
  });

  it.each<[string, Array<Parameters<WatchView['move']>[0]>, number]>([
    ['down', ['down'], 1],
    ['up at the top', ['up'], 0],
    ['a page down: a row of the last page stays', ['page-down'], 4],
    ['two pages down, one up', ['page-down', 'page-down', 'page-up'], 4],
    ['end', ['end'], 95],
    ['past the end', ['end', 'down', 'page-down'], 95],
    ['home', ['end', 'home'], 0],
  ])('scrolls: %s', (_, moves, top) => {
    const view = viewOf(100);
    for (const m of moves) view.move(m);
    expect(view.top).toBe(top);
    expect(view.end()).toBe(top + 5);
  });

  it('keeps only the rows on screen, and asks for those it has not read', () => {
    const view = viewOf(100);
    view.move('page-down');
    expect(view.texts(0)).toBeUndefined();
    expect(view.texts(4)).toEqual(['0', '0', '0']);
    expect(view.missing()).toEqual({ index: 5, count: 4 });
    view.fill(5, new Uint8Array(bytesOf(MY_DATA, [{ Col1: 5n }, { Col1: 6n }, { Col1: 7n }, { Col1: 8n }]).buffer));
    expect(view.texts(8)).toEqual(['8', '0', '0']);
    expect(view.missing()).toBeUndefined();
  });

  it('follows: the first record a look changed comes into view, lit whole', () => {
    const view = viewOf(100);
    view.move('follow');
    view.change(changed([50, 60], { Col3: 9n }), T0 + 10);
    view.look(2400, T0 + 10);
    expect([view.top, view.end()]).toEqual([46, 51]);
    expect(view.highlighted(50, T0 + 10)).toBe('all');
    view.move('up');
    expect(view.follow).toBe(false);
  });

  it('widens a column for a wider value, and never narrows it', () => {
    const view = viewOf(3);
    expect(view.widths).toEqual([5, 4, 4, 4]);
    view.change(changed([0], { Col1: -9223372036854775808n }), T0);
    expect(view.widths).toEqual([5, 20, 4, 4]);
    view.change(changed([0], { Col1: 1n }), T0);
    expect(view.widths[1]).toBe(20);
  });

  it('escapes control characters of names and values', () => {
    const layout = parseLayout('label:char[8]');
    const view = viewAfterFirstLook(layout, [{ label: 'a\x1b[2Jb' }], 5, T0);
    expect(view.texts(0)).toEqual(['"a\\u001b[2Jb"']);
  });
});
