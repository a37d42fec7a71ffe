import { decodeField } from '../model/codec';
import type { Layout } from '../model/layout';
import type { Changes } from '../store/watch';
import { valueText } from '../text/value-text';
import { safe } from './render';
import { displayWidth } from './text-width';

/** How long a changed field stays highlighted, in milliseconds. */
export const HIGHLIGHT_MS = 1000;
/** The span over which changes per second are averaged, in milliseconds. */
export const RATE_SPAN_MS = 5000;

/** What the keys of the live view ask of it (quitting and suspending are the screen's). */
export type Move = 'up' | 'down' | 'page-up' | 'page-down' | 'home' | 'end' | 'follow';

/**
 * The state of `--watch`'s live view, without I/O (drawn by `watchFrame`): which records are on screen and what they
 * hold, which fields changed lately, how many changes a second, where it is scrolled. Only the
 * records on screen are kept, so that watching millions costs what a screenful does; a record
 * scrolled into view is read anew ({@link missing}, {@link fill}).
 */
export class WatchView {
  /** The first record on screen, and how many fit. */
  top: number;
  rows = 0;
  /** Keeps the most recently changed record on screen. */
  follow = false;
  /** The segment's size at the last look, and when a record last changed. */
  size: number | undefined;
  lastChange: Date | undefined;
  /** The widest text seen in each column (index first): columns only grow, so that the table does not jump. */
  readonly widths: number[];
  /** The fields as text of each record on screen. */
  private readonly shown = new Map<number, readonly string[]>();
  /** When each record on screen last changed, and which of its fields (all of them for one not on screen before). */
  private readonly lit = new Map<number, { readonly at: number; readonly fields: ReadonlySet<number> | 'all' }>();
  private readonly recent: Array<{ readonly at: number; readonly changes: number }> = [];
  private changesThisLook = 0;
  private firstChanged: number | undefined;

  constructor(
    readonly layout: Layout,
    readonly name: string,
    /** The records watched: `count` from `first`. */
    readonly first: number,
    readonly count: number,
  ) {
    this.top = first;
    this.widths = ['index', ...layout.fields.map((f) => f.name)].map((t) => displayWidth(safe(t)));
    this.widen(String(first + count - 1), 0);
  }

  /** Records of one batch of a look that changed: all of them on the first look, whose rows on screen are filled in. */
  change(changes: Changes, now: number): void {
    const { size } = this.layout;
    const bytesAt = (i: number) => new Uint8Array(changes.view.buffer, changes.view.byteOffset + (i - changes.firstIndex) * size, size);
    if (changes.all) {
      const end = Math.min(changes.firstIndex + changes.view.byteLength / size, this.top + this.rows);
      for (let i = Math.max(changes.firstIndex, this.top); i < end; i++) this.show(i, bytesAt(i));
      return;
    }
    this.firstChanged ??= changes.indexes[0];
    this.changesThisLook += changes.indexes.length;
    this.lastChange = changes.time;
    for (const i of changes.indexes) {
      const before = this.shown.get(i);
      if (before === undefined) continue;
      const after = this.show(i, bytesAt(i));
      const fields = new Set<number>();
      after.forEach((text, k) => text !== before[k] && fields.add(k));
      if (fields.size > 0) this.lit.set(i, { at: now, fields });
    }
  }

  /** The end of a look: its changes count towards the rate, and with {@link follow}, the first record it changed comes into view. */
  look(size: number, now: number): void {
    this.size = size;
    if (this.changesThisLook > 0) this.recent.push({ at: now, changes: this.changesThisLook });
    while (this.recent.length > 0 && this.recent[0].at <= now - RATE_SPAN_MS) this.recent.shift();
    if (this.follow && this.firstChanged !== undefined && !this.onScreen(this.firstChanged)) {
      const target = this.firstChanged;
      this.scrollTo(target < this.top ? target : target - this.rows + 1);
      this.lit.set(target, { at: now, fields: 'all' });
    }
    this.changesThisLook = 0;
    this.firstChanged = undefined;
  }

  /** Changed records a second, over the last {@link RATE_SPAN_MS}. */
  rate(now: number): number {
    const changes = this.recent.reduce((sum, r) => sum + (r.at > now - RATE_SPAN_MS ? r.changes : 0), 0);
    return (changes * 1000) / RATE_SPAN_MS;
  }

  /** Scrolls as a key asks; scrolling by hand ends following. */
  move(move: Move): void {
    if (move === 'follow') {
      this.follow = !this.follow;
      return;
    }
    this.follow = false;
    const page = Math.max(1, this.rows - 1);
    const to = {
      up: this.top - 1,
      down: this.top + 1,
      'page-up': this.top - page,
      'page-down': this.top + page,
      home: this.first,
      end: Infinity,
    }[move];
    this.scrollTo(to);
  }

  /** The screen has room for `rows` records now. */
  resize(rows: number): void {
    this.rows = Math.max(0, rows);
    this.scrollTo(this.top);
  }

  /** The records on screen not read yet, as one range to read and {@link fill} in; undefined when none is missing. */
  missing(): { readonly index: number; readonly count: number } | undefined {
    const end = this.end();
    for (let i = this.top; i < end; i++) if (!this.shown.has(i)) return { index: i, count: end - i };
    return undefined;
  }

  /** Records read from `index` on, as bytes; those on screen are shown. */
  fill(index: number, bytes: Uint8Array): void {
    const { size } = this.layout;
    const end = Math.min(index + bytes.length / size, this.end());
    for (let i = Math.max(index, this.top); i < end; i++) this.show(i, bytes.subarray((i - index) * size, (i - index + 1) * size));
  }

  /** The fields of a record on screen as text, undefined until it is read. */
  texts(index: number): readonly string[] | undefined {
    return this.shown.get(index);
  }

  /** Which fields of a record (by position) are highlighted at `now`: those changed in the last {@link HIGHLIGHT_MS}. */
  highlighted(index: number, now: number): ReadonlySet<number> | 'all' | undefined {
    const lit = this.lit.get(index);
    if (lit === undefined) return undefined;
    if (lit.at > now - HIGHLIGHT_MS) return lit.fields;
    this.lit.delete(index);
    return undefined;
  }

  /** Whether a highlight is still lit at `now`, so that the screen must be drawn again when it fades. */
  anyLit(now: number): boolean {
    for (const { at } of this.lit.values()) if (at > now - HIGHLIGHT_MS) return true;
    return false;
  }

  /** One past the last record on screen. */
  end(): number {
    return Math.min(this.top + this.rows, this.first + this.count);
  }

  private onScreen(index: number): boolean {
    return index >= this.top && index < this.end();
  }

  private scrollTo(top: number): void {
    this.top = Math.max(this.first, Math.min(top, this.first + this.count - this.rows));
    // Only what is on screen is kept.
    for (const i of this.shown.keys()) if (!this.onScreen(i)) this.shown.delete(i);
    for (const i of this.lit.keys()) if (!this.onScreen(i)) this.lit.delete(i);
  }

  private show(index: number, bytes: Uint8Array): readonly string[] {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const texts = this.layout.fields.map((f, k) => this.widen(safe(valueText(f, decodeField(f, view, 0), 'human')), k + 1));
    this.shown.set(index, texts);
    return texts;
  }

  private widen(text: string, column: number): string {
    this.widths[column] = Math.max(this.widths[column], displayWidth(text));
    return text;
  }
}
