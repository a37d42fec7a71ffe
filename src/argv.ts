/** One command-line option, described once: commander builds `--help` and errors from it, {@link quickParse} the fast path. */
export interface OptionSpec {
  /** As commander writes them: `--name <name>`, `-q, --quiet`, `--no-color`. */
  readonly flags: string;
  readonly description: string;
  readonly default?: string;
  /** Attribute names of options this one cannot be used with. */
  readonly conflicts?: readonly string[];
  /** May be given more than once: the values are collected in an array. */
  readonly repeatable?: true;
}

/** Parsed options by attribute name: strings for options with a value, booleans for switches. */
export type Flags = Record<string, string | readonly string[] | boolean | undefined>;

interface Parsed {
  readonly long: string;
  readonly short?: string;
  readonly attribute: string;
  readonly takesValue: boolean;
  readonly negate: boolean;
}

/** What commander calls an option's attribute: `--dry-run` is `dryRun`, `--no-color` is `color`. */
export function attributeName(flags: string): string {
  return describe(flags).attribute;
}

function describe(flags: string): Parsed {
  const m = /^(?:-(\w), )?--([\w-]+)( <[\w=]+>)?$/.exec(flags);
  if (m === null) throw new Error(`unsupported option flags: ${flags}`);
  const negate = m[2].startsWith('no-');
  const attribute = (negate ? m[2].slice(3) : m[2]).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  return { long: `--${m[2]}`, short: m[1] && `-${m[1]}`, attribute, takesValue: m[3] !== undefined, negate };
}

/**
 * Parses the plain invocations that make up nearly every run, as commander would: `--opt value`,
 * `--opt=value`, switches and their short forms, defaults, conflicts. Returns null for anything
 * else (help, version, unknown or malformed options, conflicts, operands), which commander then
 * handles with its full messages: this keeps commander's load out of the common start-up.
 */
export function quickParse(specs: readonly OptionSpec[], argv: readonly string[]): Flags | null {
  const parsed = specs.map((s) => ({ spec: s, ...describe(s.flags) }));
  const flags: Flags = {};
  const given = new Set<string>();
  for (const p of parsed) flags[p.attribute] = p.negate ? true : p.spec.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
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
  for (const p of parsed) {
    if (given.has(p.attribute) && p.spec.conflicts?.some((c) => given.has(c))) return null;
  }
  return flags;
}
