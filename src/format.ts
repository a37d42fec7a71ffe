import type { Field, Layout } from './layout';

/** A value that {@link toJson} can print: JSON's types plus BigInt, printed as exact digits. */
export type JsonValue = string | number | bigint | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Serialises to one line of JSON; BigInt becomes a bare number with every digit, never a lossy double. */
export function toJson(value: JsonValue): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  const entries = Object.entries(value as { readonly [key: string]: JsonValue });
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
}

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
  const { Chalk } = require('chalk') as typeof import('chalk');
  const c = new Chalk({ level: 1 });
  return { name: c.bold, field: c.cyan, value: (s) => s, note: c.dim };
}

/** A record on one line, `/my_shm[0]  Col1=100  Col2=876  Col3=8021`, its values given as text by `text`. */
export function humanRecord(layout: Layout, name: string, index: number, text: (field: Field) => string, style: Style): string {
  const fields = layout.fields.map((f) => `${style.field(f.name)}=${style.value(text(f))}`);
  return `${style.name(`${name}[${index}]`)}  ${fields.join('  ')}`;
}

/** Bytes in the largest binary unit that divides them, else with one decimal: `4 GiB`, `1.5 KiB`, `24 B`. */
export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  const text = Number.isInteger(n) ? String(n) : n.toFixed(1);
  return `${text} ${units[i]}`;
}

/** Permissions as the three octal digits `ls -l`'s users know, `600`. */
export function octalMode(mode: number): string {
  return (mode & 0o777).toString(8).padStart(3, '0');
}
