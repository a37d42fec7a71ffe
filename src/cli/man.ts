import { exitCodesFor } from './exit-codes';
import { BUILT_IN, optionText } from './help';
import { allOptions, type Tool } from './tool';

/** Text for roff: backslashes and hyphens escaped, a line never starting with a control character. */
function roff(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/gm, '\\&$1');
}

/** An option's flags in bold, its value's name in italics: `\fB\-\-name\fR \fIname\fR`. */
function flagsRoff(flags: string): string {
  return flags.replace(/(-{1,2}[\w-]+)|<([\w=]+)>/g, (_, flag: string | undefined, value: string | undefined) =>
    flag !== undefined ? `\\fB${roff(flag)}\\fR` : `\\fI${roff(value ?? '')}\\fR`,
  );
}

/**
 * The tool's manual page in roff (man(7)), from the same option table, exit-code table and
 * examples as `--help`, so the two never disagree; `npm run build` writes it to dist/man/.
 * E.g. `manPage(readerTool, '0.1.0')` starts with `.TH SHM-READER 1`.
 */
export function manPage(tool: Tool<never>, version: string): string {
  const other = tool.name === 'shm-writer' ? 'shm-reader' : 'shm-writer';
  const lines = [
    `.TH ${tool.name.toUpperCase()} 1 "" "shm-tools ${version}" "User Commands"`,
    '.ad l',
    '.nh',
    '.SH NAME',
    `${tool.name} \\- ${roff(tool.description.replace(/\.$/, ''))}`,
    '.SH SYNOPSIS',
    ...tool.usage.flatMap((form, k) => [...(k > 0 ? ['.br'] : []), `.B ${tool.name}`, roff(form)]),
    '.SH DESCRIPTION',
    roff(tool.description),
    `Segments are files under /dev/shm, as \\fBshm_open\\fR(3) names them; \\fB${other}\\fR(1) is the other tool of the pair.`,
    '.SH OPTIONS',
    ...[...allOptions(tool), ...BUILT_IN].flatMap((o) => ['.TP', flagsRoff(o.flags), roff(optionText(o))]),
    '.SH EXIT STATUS',
    ...exitCodesFor(tool.name).flatMap(({ code, meaning }) => ['.TP', `.B ${code}`, roff(meaning)]),
    '.SH ENVIRONMENT',
    '.TP',
    '.B NO_COLOR',
    'Set and not empty: no colour, as \\fB\\-\\-no\\-color\\fR.',
    '.TP',
    '.B FORCE_COLOR',
    'Colour on (\\fB0\\fR off) whether or not output is a terminal.',
    '.TP',
    '.B SHM_TOOLS_WASM',
    '\\fB0\\fR: bulk text in JavaScript, not WebAssembly (the same bytes); \\fB1\\fR: an error where WebAssembly cannot be used.',
    '.SH EXAMPLES',
    '.nf',
    ...tool.examples.map(roff),
    '.fi',
    '.SH SEE ALSO',
    `\\fB${other}\\fR(1), \\fBshm_open\\fR(3), \\fBlsipc\\fR(1), \\fBipcrm\\fR(1)`,
  ];
  return `${lines.join('\n')}\n`;
}
