import type * as chalk from 'chalk';

/** Colours for human output; every function is the identity when colour is off. */
export interface Style {
  readonly name: (s: string) => string;
  readonly field: (s: string) => string;
  readonly value: (s: string) => string;
  readonly note: (s: string) => string;
}

const PLAIN: Style = { name: (s) => s, field: (s) => s, value: (s) => s, note: (s) => s };

/**
 * Colour is used only on a terminal, unless `--no-color` or NO_COLOR says otherwise; FORCE_COLOR
 * (`0` off, anything else on) overrides the terminal check, as chalk's users expect.
 */
export function useColor(isTTY: boolean, colorFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  if (!colorFlag || (env.NO_COLOR ?? '') !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

/** The style for a stream; chalk is loaded only when colour is on, which keeps piped runs fast. */
export function styleFor(color: boolean): Style {
  if (!color) return PLAIN;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Chalk } = require('chalk') as typeof chalk;
  const c = new Chalk({ level: 1 });
  return { name: c.bold, field: c.cyan, value: (s) => s, note: c.dim };
}
