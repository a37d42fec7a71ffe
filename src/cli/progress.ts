/** A progress line on a terminal: updated at most ten times a second, shown only once a job has run for a while. */
export interface Progress {
  update(done: number): void;
  /** Clears the line, leaving the terminal as it was. */
  end(): void;
}

const QUIET: Progress = { update: () => undefined, end: () => undefined };
/** Jobs that end sooner than this never show a bar. */
const SHOW_AFTER_MS = 400;
const EVERY_MS = 100;
const WIDTH = 24;

/**
 * A progress line written to `write` (stderr), or a silent one when `enabled` is false (stderr is
 * not a terminal, or `--quiet`). With a `total`, a bar and a percentage; without, a count and a rate.
 */
export function progress(
  enabled: boolean,
  write: (text: string) => void,
  label: string,
  total?: number,
  now: () => number = Date.now,
): Progress {
  if (!enabled) return QUIET;
  const start = now();
  let last = 0;
  let shown = false;
  return {
    update(done) {
      const t = now();
      if (t - start < SHOW_AFTER_MS || t - last < EVERY_MS) return;
      last = t;
      shown = true;
      const rate = `${Math.round(done / ((t - start) / 1000)).toLocaleString('en-US')} records/s`;
      if (total === undefined || total === 0) {
        write(`\r\u001b[K${label} ${done.toLocaleString('en-US')} records, ${rate}`);
        return;
      }
      const fraction = Math.min(1, done / total);
      const filled = Math.round(fraction * WIDTH);
      write(
        `\r\u001b[K${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${Math.floor(fraction * 100)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}, ${rate}`,
      );
    },
    end() {
      if (shown) write('\r\u001b[K');
      shown = false;
    },
  };
}
