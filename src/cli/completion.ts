import { quote, ShmError } from '../model/errors';
import { EXIT } from './exit-codes';
import { BUILT_IN } from './help';
import { allOptions, flagNames, SHELLS, type Flags, type OptionSpec, type Tool } from './tool';

/** A shell a completion script is made for. */
export type Shell = (typeof SHELLS)[number];

/** Parses `--completion`: a shell the tools write a completion script for. */
function parseShell(input: string): Shell {
  if (!(SHELLS as readonly string[]).includes(input)) throw ShmError.usage(`no completion for ${quote(input)}: use ${SHELLS.join(', ')}`);
  return input as Shell;
}

/** An option as the scripts need it: its names, whether it takes a value, and the values to offer. */
interface Completed {
  readonly long: string;
  readonly short?: string;
  readonly takesValue: boolean;
  readonly values: OptionSpec['values'];
  readonly repeatable: boolean;
  readonly description: string;
}

function completed(tool: Tool<never>): Completed[] {
  return [...allOptions(tool), ...BUILT_IN].map((o) => ({
    ...flagNames(o.flags),
    values: o.values,
    repeatable: o.repeatable === true,
    description: o.description,
  }));
}

/**
 * The completion script of `tool` for `shell`, made from its option table: flags, the values an
 * option takes (`--input-format`, `--mode`...), and segment names from /dev/shm for `--name` and
 * the name operand. E.g. `completionScript(readerTool, 'bash')` is what `shm-reader --completion bash` prints.
 */
export function completionScript(tool: Tool<never>, shell: Shell): string {
  switch (shell) {
    case 'bash':
      return bash(tool.name, completed(tool));
    case 'zsh':
      return zsh(tool.name, completed(tool));
    case 'fish':
      return fish(tool.name, completed(tool));
  }
}

const ident = (name: string) => `_${name.replace(/-/g, '_')}`;

function bash(name: string, options: Completed[]): string {
  const fn = ident(name);
  const cases = options
    .filter((o) => o.takesValue)
    .map((o) => {
      const names = [o.long, o.short].filter(Boolean).join('|');
      if (o.values === 'segment') return `    ${names}) ${fn}_segments; return ;;`;
      if (o.values === undefined) return `    ${names}) return ;;`;
      return `    ${names}) COMPREPLY=($(compgen -W '${o.values.join(' ')}' -- "$cur")); return ;;`;
    });
  const flags = options.flatMap((o) => [o.long, ...(o.short ? [o.short] : [])]).join(' ');
  // Segment names are offered quoted for the shell (printf %q), never split or expanded: a name
  // may hold spaces, `*` or `$`.
  return `# ${name} completion for bash, from: ${name} --completion bash
${fn}_segments() {
  local f
  for f in /dev/shm/* /dev/shm/.[!.]*; do
    [[ -f $f && $f != /dev/shm/sem.* ]] || continue
    f=\${f#/dev/shm/}
    [[ $f == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$f")")
  done
}
${fn}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  COMPREPLY=()
  case $prev in
${cases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W '${flags}' -- "$cur"))
  else
    ${fn}_segments
  fi
}
complete -F ${fn} ${name}
`;
}

/** Text inside a zsh `_arguments` spec's brackets, itself in single quotes. */
const zshText = (text: string) => text.replace(/\\/g, '\\\\').replace(/[[\]:']/g, (c) => (c === "'" ? "'\\''" : `\\${c}`));

function zsh(name: string, options: Completed[]): string {
  const fn = ident(name);
  const specs = options.map((o) => {
    const action = !o.takesValue
      ? ''
      : o.values === 'segment'
        ? `:segment:${fn}_segments`
        : o.values === undefined
          ? ':value: '
          : `:value:(${o.values.join(' ')})`;
    const described = `[${zshText(o.description)}]${action}`;
    const many = o.repeatable ? '*' : '';
    return o.short ? `  '(${o.short} ${o.long})'{${o.short},${o.long}}'${described}'` : `  '${many}${o.long}${described}'`;
  });
  return `#compdef ${name}
# ${name} completion for zsh, from: ${name} --completion zsh
${fn}_segments() {
  local -a segments
  segments=(/dev/shm/*(.DN:t))
  compadd -- \${segments:#sem.*}
}
${fn}() {
  _arguments -s \\
${specs.join(' \\\n')} \\
    '*:segment:${fn}_segments'
}
# Loaded from $fpath (autoloaded), it runs at once; sourced, it registers itself.
if [[ $funcstack[1] == _${name} ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${name}
fi
`;
}

const fishText = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fish(name: string, options: Completed[]): string {
  const fn = `__${name.replace(/-/g, '_')}_segments`;
  const lines = options.map((o) => {
    const names = `-l ${o.long.slice(2)}${o.short ? ` -s ${o.short.slice(1)}` : ''}`;
    const values = !o.takesValue
      ? ''
      : o.values === 'segment'
        ? ` -x -a '(${fn})'`
        : o.values === undefined
          ? ' -x'
          : ` -x -a ${fishText(o.values.join(' '))}`;
    return `complete -c ${name} ${names}${values} -d ${fishText(o.description)}`;
  });
  return `# ${name} completion for fish, from: ${name} --completion fish
function ${fn}
    for f in /dev/shm/* /dev/shm/.*
        test -f $f; and not string match -q '/dev/shm/sem.*' -- $f; and string replace /dev/shm/ '' -- $f
    end
end
complete -c ${name} -f -a '(${fn})'
${lines.join('\n')}
`;
}

/** Prints the completion script `flags.completion` asks for and returns the exit code; null when it asks for none. */
export function answerCompletion(tool: Tool<never>, flags: Flags, io: { readonly out: (text: string) => void }): number | null {
  if (typeof flags.completion !== 'string') return null;
  io.out(completionScript(tool, parseShell(flags.completion)));
  return EXIT.OK;
}
