import { flagNames, type Flags, type OptionSpec } from './tool';

/**
 * Parses the plain invocations that make up nearly every run, as commander would: `--opt value`,
 * `--opt=value`, switches and their short forms, defaults, conflicts, and operands: segment names
 * (`operands`, the first also as `name`; more than one only when the switch `many` is on). Returns
 * null for anything else (help, version, unknown or malformed options, conflicts, `--`), which
 * commander then handles with its full messages: this keeps commander's load out of the common start-up.
 */
export function quickParse(specs: readonly OptionSpec[], argv: readonly string[], many?: string): Flags | null {
  const parsed = specs.map((s) => ({ spec: s, ...flagNames(s.flags) }));
  const flags: Flags = Object.create(null) as Flags;
  const given = new Set<string>();
  const operands: string[] = [];
  for (const p of parsed) flags[p.attribute] = p.negate ? true : p.spec.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const option = parsed.find((p) => p.long === name || p.short === name);
    if (option === undefined) return null;
    if (option.takesValue) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined) return null;
      const previous = flags[option.attribute];
      flags[option.attribute] = option.spec.repeatable ? [...(Array.isArray(previous) ? previous : []), value] : value;
    } else {
      if (eq !== -1) return null;
      flags[option.attribute] = !option.negate;
    }
    given.add(option.attribute);
  }
  flags.operands = operands;
  // Whether a name was given at all, --name having a default: --list filters by it only then.
  flags.named = given.has('name') || operands.length > 0;
  if (operands.length > 0) {
    // Names given as operands are given as --name is: not both, and not with options that take none.
    if (given.has('name') || (operands.length > 1 && !(many !== undefined && flags[many] === true))) return null;
    flags.name = operands[0];
    given.add('name');
  }
  for (const p of parsed) {
    if (given.has(p.attribute) && p.spec.conflicts?.some((c) => given.has(c))) return null;
  }
  return flags;
}
