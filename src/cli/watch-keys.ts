import type { Move } from './watch-view';

/** What a key asks of the live view: a move, or to quit or suspend it. */
export type KeyAction = Move | 'quit' | 'suspend';

/** Keys by what a terminal sends for them: arrows and paging in their CSI and SS3 forms, less's and vi's letters. */
const KEYS: ReadonlyMap<string, KeyAction> = new Map<string, KeyAction>([
  ...['\x1b[A', '\x1bOA', 'k'].map((k) => [k, 'up'] as const),
  ...['\x1b[B', '\x1bOB', 'j', '\r', '\n'].map((k) => [k, 'down'] as const),
  ...['\x1b[5~', 'b'].map((k) => [k, 'page-up'] as const),
  ...['\x1b[6~', ' '].map((k) => [k, 'page-down'] as const),
  ...['\x1b[H', '\x1bOH', '\x1b[1~', '\x1b[7~', 'g'].map((k) => [k, 'home'] as const),
  ...['\x1b[F', '\x1bOF', '\x1b[4~', '\x1b[8~', 'G'].map((k) => [k, 'end'] as const),
  ['f', 'follow'],
  ...['q', 'Q', '\x03'].map((k) => [k, 'quit'] as const),
  ['\x1a', 'suspend'],
]);

/** A CSI (`ESC [` parameters, a final byte) or SS3 (`ESC O` and one byte) sequence at the start of the text. */
// eslint-disable-next-line no-control-regex
const SEQUENCE = /^\x1b(?:\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]|O.)/;

/**
 * The actions of what the terminal sent, in order, e.g. `keyActions('\x1b[Bq')` is
 * `['down', 'quit']`. Other keys and escape sequences are passed over whole.
 */
export function keyActions(input: string): KeyAction[] {
  const actions: KeyAction[] = [];
  for (let at = 0; at < input.length;) {
    const sequence = input[at] === '\x1b' ? SEQUENCE.exec(input.slice(at))?.[0] : undefined;
    const key = sequence ?? String.fromCodePoint(input.codePointAt(at) as number);
    const action = KEYS.get(key);
    if (action !== undefined) actions.push(action);
    at += key.length;
  }
  return actions;
}
