import { MY_DATA } from '../../src/model/layout';
import { parseLayout } from '../../src/model/layout-spec';
import { displayWidth } from '../../src/cli/text-width';
import { watchFrame, type FrameStyle } from '../../src/cli/watch-frame';
import { type WatchView } from '../../src/cli/watch-view';
import type { Layout } from '../../src/model/layout';
import { bytesOf, viewAfterFirstLook } from './watch-cases';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const PLAIN: FrameStyle = { name: (s) => s, field: (s) => s, note: (s) => s, lit: (s) => `[${s}]` };

/** A view of `count` zero records of `layout`, `rows` high, after its first look. */
function viewOf(layout: Layout, count: number, rows: number, name = '/seg'): WatchView {
  const view = viewAfterFirstLook(
    layout,
    Array.from({ length: count }, () => ({})),
    rows,
    T0,
    name,
  );
  view.look(count * layout.size, T0);
  return view;
}

describe('watchFrame', () => {
  it('draws the header, the table and the keys; numbers line up on the right', () => {
    const view = viewOf(MY_DATA, 2, 5);
    expect(watchFrame(view, 80, T0, PLAIN).split('\n')).toEqual([
      '/seg  48 B  last change none yet  0.0 changes/s  records 0 to 1',
      'index  Col1  Col2  Col3',
      '    0     0     0     0',
      '    1     0     0     0',
      'q quit',
    ]);
  });

  it('lights the fields that changed, and says when and how often', () => {
    const view = viewOf(MY_DATA, 2, 5);
    const bytes = bytesOf(MY_DATA, [{ Col2: 42n }]);
    view.change({ time: new Date(T0 + 500), all: false, indexes: [1], firstIndex: 1, view: bytes }, T0 + 500);
    view.look(48, T0 + 500);
    const lines = watchFrame(view, 80, T0 + 1000, PLAIN).split('\n');
    expect(lines[0]).toMatch(/^\/seg {2}48 B {2}last change \d\d:\d\d:00\.500 {2}0\.2 changes\/s {2}records 0 to 1$/);
    expect(lines[3]).toBe('    1     0  [  42]     0');
  });

  it('scrolls: the key line says where, and which keys', () => {
    const view = viewOf(MY_DATA, 100, 3);
    view.move('page-down');
    const lines = watchFrame(view, 100, T0, PLAIN).split('\n');
    expect(lines.slice(2, 5).map((l) => l.trim().split(/ +/)[0])).toEqual(['2', '3', '4']);
    expect(lines[5]).toBe('2 to 4 of 0 to 99  q quit  ↑↓ PgUp PgDn Home End scroll  f follow changes');
  });

  it.each([10, 20, 40, 60])('no line is wider than a terminal of %d columns, wide values and all', (width) => {
    const layout = parseLayout('a:char[40],b:int64,c:char[20],d:float64[3],e:uint8');
    const view = viewOf(layout, 500, 4, `/${'n'.repeat(70)}`);
    const bytes = bytesOf(layout, [{ a: 'x'.repeat(40), b: -9223372036854775808n, c: '漢字'.repeat(3) }]);
    view.change({ time: new Date(T0), all: false, indexes: [1], firstIndex: 1, view: bytes }, T0);
    // Lit as on a terminal (inverse video takes no column), and the changed record lit.
    const lines = watchFrame(view, width, T0, { ...PLAIN, lit: (t) => `\x1b[7m${t}\x1b[27m` }).split('\n');
    expect(lines.join('\n')).toContain('\x1b[7m');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    expect(lines[0]).toMatch(/^\/n+…$/);
  });

  it('shows the fields that fit, and counts those hidden', () => {
    const view = viewOf(parseLayout('a:int64,b:int64,c:int64,d:int64,e:int64'), 2, 4);
    const lines = watchFrame(view, 16, T0, PLAIN).split('\n');
    expect(lines.slice(1, 3)).toEqual(['index  a  b  c', '    0  0  0  0']);
    expect(lines[4]).toBe('2 fields hidden');
  });

  it('measures wide characters as the terminal does', () => {
    const layout = parseLayout('label:char[12]');
    const view = viewAfterFirstLook(layout, [{ label: '漢字' }], 3, T0);
    const lines = watchFrame(view, 80, T0, PLAIN).split('\n');
    // The quoted value takes 6 columns, not 4: the head is padded to them.
    expect(lines.slice(1, 3)).toEqual(['index  label ', '    0  "漢字"']);
  });
});
