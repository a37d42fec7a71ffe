import { exitCodesFor } from './exit-codes';
import { allOptions, flagNames, type OptionSpec, type Tool } from './tool';

/** The options every tool has that commander adds, described here so that help shows them. */
export const BUILT_IN: readonly OptionSpec[] = [
  { flags: '-V, --version', description: 'print the version and exit' },
  { flags: '-h, --help', description: 'print this help and exit' },
];

/** Narrower than this, a description goes under its flags, indented so; narrower still, it is not wrapped. */
const MIN_DESCRIPTION = 40;
const NARROW_INDENT = 6;

/**
 * A tool's `--help`, made from its option table and wrapped to `width` columns, e.g.
 * `helpText(readerTool, 80)` starts with `Usage: shm-reader [options] [NAME]`.
 */
export function helpText(tool: Tool<never>, width: number): string {
  const options = [...allOptions(tool), ...BUILT_IN];
  const column = Math.max(...options.map((o) => o.flags.length)) + 4;
  const usage = tool.usage.map((form, k) => `${k === 0 ? 'Usage: ' : '       '}${tool.name} ${form}`);
  const rows = options.map((o) => optionRow(o, column, width));
  const codes = exitCodesFor(tool.name).map(
    ({ code, meaning }) => `  ${String(code).padStart(3)}  ${wrap(meaning, width - 7).join(`\n${' '.repeat(7)}`)}`,
  );
  return [
    ...usage,
    '',
    tool.description,
    '',
    'Options:',
    ...rows,
    '',
    'Exit codes:',
    ...codes,
    '',
    'Examples:',
    ...tool.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

/** An option's description as help shows it: with its default, unquoted. */
export function optionText(option: OptionSpec): string {
  return option.default === undefined ? option.description : `${option.description} (default: ${option.default})`;
}

/** An option's lines: flags, then the description beside them, or under them where that is too narrow. */
function optionRow(option: OptionSpec, column: number, width: number): string {
  const beside = width - column >= MIN_DESCRIPTION;
  const indent = beside ? column : NARROW_INDENT;
  const text = wrap(optionText(option), width - indent).join(`\n${' '.repeat(indent)}`);
  return beside ? `  ${option.flags.padEnd(column - 2)}${text}` : `  ${option.flags}\n${' '.repeat(indent)}${text}`;
}

/** Whether `argv` asks for help: `-h` or `--help` where an option may stand, or `help` as the first argument. */
export function wantsHelp(tool: Tool<never>, argv: readonly string[]): boolean {
  return argv[0] === 'help' || hasFlag(tool, argv, '-h', '--help');
}

/** Whether `argv` asks for the version: `-V` or `--version` where an option may stand. */
export function wantsVersion(tool: Tool<never>, argv: readonly string[]): boolean {
  return hasFlag(tool, argv, '-V', '--version');
}

/** Whether `short` or `long` stands where an option may: before `--`, and not as another option's value. */
function hasFlag(tool: Tool<never>, argv: readonly string[], short: string, long: string): boolean {
  if (!argv.includes(short) && !argv.includes(long)) return false;
  const takesValue = new Set(allOptions(tool).flatMap((o) => (flagNames(o.flags).takesValue ? [flagNames(o.flags).long] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return false;
    if (arg === short || arg === long) return true;
    if (takesValue.has(arg)) i++;
  }
  return false;
}

/** Words of `text` in lines of at most `width` characters (a longer word has a line of its own). */
function wrap(text: string, width: number): string[] {
  if (width < MIN_DESCRIPTION - NARROW_INDENT) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}
