import ansiEscapes from 'ansi-escapes';
import { Chalk } from 'chalk';
import { writeSync } from 'node:fs';
import { isatty, type ReadStream } from 'node:tty';
import { createLogUpdate } from 'log-update';
import type { Layout } from '../model/layout';
import type { Changes, WatchOptions } from '../store/watch';
import { FRAME_LINES, watchFrame, type FrameStyle } from './watch-frame';
import { keyActions } from './watch-keys';
import { WatchView } from './watch-view';

/** What the live view needs of the reader: what to watch, and the store's calls, handed in (this module is built apart). */
export interface LiveWatch {
  readonly name: string;
  readonly colour: boolean;
  /** Watches with these callbacks until `signal` aborts, as `watchRecords` does. */
  readonly watch: (callbacks: Pick<WatchOptions, 'onStart' | 'onLook' | 'signal'>, onChange: (changes: Changes) => void) => Promise<void>;
  /** Reads `count` records of `layout` from `index`, handing their bytes to `into` (valid until it returns), batch by batch, until `signal` aborts. */
  readonly read: (
    layout: Layout,
    index: number,
    count: number,
    signal: AbortSignal,
    into: (index: number, bytes: Uint8Array) => void,
  ) => Promise<void>;
  /** Ends the view as `q` does (SIGTERM, SIGHUP, a SIGINT sent by another process). */
  readonly signal: AbortSignal;
}

// The alternate screen keeps the cursor where it was: the frame starts from the top left.
const ENTER = ansiEscapes.enterAlternativeScreen + ansiEscapes.cursorHide + ansiEscapes.clearViewport;
const LEAVE = ansiEscapes.cursorShow + ansiEscapes.exitAlternativeScreen;

/**
 * `--watch` on a terminal: the records as a table redrawn in place on the alternate screen, changed
 * fields lit for a moment, scrolled with the keys, until `q`, Ctrl-C or `signal`. The screen is
 * taken only once the segment is open and checked, and left as it was however the view ends: an
 * error (the segment removed) is thrown after that.
 */
export async function watchLive(live: LiveWatch): Promise<void> {
  const stop = new AbortController();
  live.signal.addEventListener('abort', () => stop.abort(), { once: true });
  const screen = new LiveScreen(live, stop);
  try {
    await live.watch(
      {
        signal: stop.signal,
        onStart: ({ first, count, layout }) => screen.open(new WatchView(layout, live.name, first, count)),
        onLook: ({ size }) => screen.look(size),
      },
      (changes) => screen.view?.change(changes, Date.now()),
    );
  } finally {
    screen.close();
  }
}

/** The terminal while the view is on it: the alternate screen, raw keys, and the frames drawn. */
class LiveScreen {
  view: WatchView | undefined;
  private log = createLogUpdate(process.stdout, { showCursor: true });
  private drawing: NodeJS.Immediate | undefined;
  private fading: NodeJS.Timeout | undefined;
  private reading = false;
  private readonly style: FrameStyle;
  // Keys only from a terminal: lines piped in are not keys (`q` in them would quit).
  private readonly keys = isatty(0) ? (process.stdin as ReadStream) : undefined;

  constructor(
    private readonly live: LiveWatch,
    private readonly stop: AbortController,
  ) {
    this.style = frameStyle(live.colour);
  }

  /** Takes the screen for `view`. */
  open(view: WatchView): void {
    this.view = view;
    this.enter();
    // Whatever happens, the terminal is given back: also on an exit nobody saw coming.
    process.on('exit', this.leave);
    process.stdout.on('resize', this.anew);
    this.keys?.on('data', this.onKeys);
  }

  /** The end of a look: its changes count, and the frame is drawn. */
  look(size: number): void {
    this.view?.look(size, Date.now());
    this.redraw();
  }

  /** Gives the terminal back as it was. */
  close(): void {
    clearTimeout(this.fading);
    if (this.drawing !== undefined) clearImmediate(this.drawing);
    if (this.view === undefined) return;
    process.stdout.off('resize', this.anew);
    this.keys?.off('data', this.onKeys);
    this.keys?.pause();
    process.off('exit', this.leave);
    this.leave();
  }

  private readonly redraw = () => (this.drawing ??= setImmediate(this.draw));

  private readonly draw = () => {
    this.drawing = undefined;
    const { view } = this;
    if (view === undefined || this.stop.signal.aborted) return;
    const { rows, columns } = process.stdout;
    view.resize((rows || 24) - FRAME_LINES - 1);
    const now = Date.now();
    this.log(watchFrame(view, columns || 80, now, this.style));
    clearTimeout(this.fading);
    // A lit field fades without a change to redraw for: a redraw when it is due.
    if (view.anyLit(now)) this.fading = setTimeout(this.redraw, 250);
    if (view.missing() !== undefined && !this.reading) void this.readMissing();
  };

  /** Reads the records scrolled into view; the watch's next look keeps them current. */
  private async readMissing(): Promise<void> {
    this.reading = true;
    try {
      for (let want = this.view?.missing(); want !== undefined && !this.stop.signal.aborted; want = this.view?.missing()) {
        const { layout } = this.view as WatchView;
        await this.live.read(layout, want.index, want.count, this.stop.signal, (index, bytes) => this.view?.fill(index, bytes));
      }
    } catch {
      // The segment went away or shrank under the read (the watch's next look says so, and ends), or the view ended.
    } finally {
      this.reading = false;
    }
    this.redraw();
  }

  private readonly onKeys = (data: Buffer) => {
    for (const action of keyActions(data.toString('latin1'))) {
      if (action === 'quit') this.stop.abort();
      else if (action === 'suspend') this.suspend();
      else this.view?.move(action);
    }
    this.redraw();
  };

  private enter(): void {
    writeSync(process.stdout.fd, ENTER);
    this.keys?.setRawMode(true);
  }

  private readonly leave = () => {
    this.keys?.setRawMode(false);
    writeSync(process.stdout.fd, LEAVE);
  };

  /** After a resize or a suspension, what is on the screen is not what was drawn: it is cleared and drawn anew. */
  private readonly anew = () => {
    writeSync(process.stdout.fd, ansiEscapes.clearViewport);
    this.log = createLogUpdate(process.stdout, { showCursor: true });
    this.redraw();
  };

  /**
   * As vim and less do: the terminal given back, then stopped; whatever resumes it (`fg`) returns
   * from the kill. Where nothing could (no job control), the signal is dropped and the view stays.
   */
  private suspend(): void {
    this.leave();
    process.kill(process.pid, 'SIGTSTP');
    this.enter();
    this.anew();
  }
}

/** The reader's colours where colour is on; the highlight (inverse video, as `watch -d`) always. */
function frameStyle(colour: boolean): FrameStyle {
  const c = new Chalk({ level: colour ? 1 : 0 });
  const lit = new Chalk({ level: 1 }).inverse;
  return { name: c.bold, field: c.cyan, note: c.dim, lit };
}
