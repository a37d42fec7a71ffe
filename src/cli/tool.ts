import type { Io } from './io';

/** One command-line option, described once: `--help`, commander's checks and the quick parser all come from it. */
export interface OptionSpec {
  /** As commander writes them: `--name <name>`, `-q, --quiet`, `--no-color`. */
  readonly flags: string;
  readonly description: string;
  readonly default?: string;
  /** Attribute names of options this one cannot be used with. */
  readonly conflicts?: readonly string[];
  /** May be given more than once: the values are collected in an array. */
  readonly repeatable?: true;
  /** What shell completion offers for its value: these words, or the segments in /dev/shm. */
  readonly values?: readonly string[] | 'segment';
}

/** The shells `--completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** Parsed options by attribute name: strings for options with a value, booleans for switches. */
export type Flags = Record<string, string | readonly string[] | boolean | undefined>;

/** A tool: its options (besides the shared ones), help, and the action run with the parsed flags. */
export interface Tool<F> {
  readonly name: 'shm-writer' | 'shm-reader';
  readonly description: string;
  /** The forms `--help` shows after the tool's name, first the main one: `[options] [NAME]`. */
  readonly usage: readonly string[];
  readonly options: readonly OptionSpec[];
  /** The switch that lets several segment names be given as operands (`unlink`); without it, one at most. */
  readonly manyNames?: string;
  readonly examples: readonly string[];
  readonly action: (flags: F, io: Io) => number | Promise<number>;
}

/** An option's flags taken apart. */
export interface FlagNames {
  readonly long: string;
  readonly short?: string;
  /** What commander calls the option's attribute: `--dry-run` is `dryRun`, `--no-color` is `color`. */
  readonly attribute: string;
  readonly takesValue: boolean;
  readonly negate: boolean;
}

/** Takes an option's flags apart, as commander reads them. */
export function flagNames(flags: string): FlagNames {
  const m = /^(?:-(\w), )?--([\w-]+)( <[\w=]+>)?$/.exec(flags);
  if (m === null) throw new Error(`unsupported option flags: ${flags}`);
  const negate = m[2].startsWith('no-');
  const attribute = (negate ? m[2].slice(3) : m[2]).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  return { long: `--${m[2]}`, short: m[1] && `-${m[1]}`, attribute, takesValue: m[3] !== undefined, negate };
}

const FIRST: readonly OptionSpec[] = [
  {
    flags: '--name <name>',
    description: 'segment name, also given as NAME; my_shm and /my_shm are the same',
    default: 'my_shm',
    values: 'segment',
  },
  {
    flags: '--layout <spec>',
    description:
      'record layout: name:type,... (e.g. id:int32,price:float64,name:char[16]), @file.json, or a C struct (@file.h, @file.h:Struct, or struct { ... } inline); default: the one stored with the segment, else Col1:int64,Col2:int64,Col3:int64',
  },
  { flags: '--packed', description: 'lay the --layout out with no padding, like __attribute__((packed))' },
];
const LAST: readonly OptionSpec[] = [
  { flags: '--no-color', description: 'no colour, even on a terminal (so does NO_COLOR)' },
  { flags: '--debug', description: 'print a stack trace with errors' },
  { flags: '--completion <shell>', description: `print the ${SHELLS.join(', ')} completion script of this tool`, values: SHELLS },
];

/** Every option of a tool, the shared ones included, in the order `--help` lists them. */
export function allOptions(tool: Pick<Tool<never>, 'options'>): readonly OptionSpec[] {
  return [...FIRST, ...tool.options, ...LAST];
}
