import { quickParse } from '../src/argv';
import { buildProgram, type Io, type Tool } from '../src/cli';
import { readerTool } from '../src/reader-cli';
import { writerTool } from '../src/writer-cli';

// Test titles name the tool, not its whole definition.
for (const tool of [readerTool, writerTool]) Object.defineProperty(tool, 'toString', { value: () => tool.name });

const io: Io = { out: () => undefined, err: () => undefined, stdoutIsTTY: () => false, stderrIsTTY: () => false, outputClosed: () => false, env: {}, stdin: async function* () {} };

/** What commander makes of `argv`: the flags its action would get, or the error code it stops with. */
function commander<F>(tool: Tool<F>, argv: string[]): unknown {
  let flags: unknown;
  const program = buildProgram({ ...tool, action: (f: F) => ((flags = f), 0) }, io, () => undefined);
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    return (err as { code: string }).code;
  }
  return JSON.parse(JSON.stringify(flags));
}

const all = (tool: Tool<never>) => [
  { flags: '--name <name>', description: '', default: 'my_shm' },
  ...tool.options,
  { flags: '--no-color', description: '' },
  { flags: '--debug', description: '' },
];

describe('quickParse agrees with commander on plain invocations', () => {
  it.each([
    [writerTool, []],
    [writerTool, ['--name', 'x', '--size', '4G', '--col1', '-5', '--col2=7', '-q']],
    [writerTool, ['--col1', '--col2']],
    [writerTool, ['--name=/a', '--stdin', '--index', '3', '--json', '--no-color']],
    [writerTool, ['--unlink', '--name', 'a', '--debug']],
    [writerTool, ['--col1', '1', '--col1', '2']],
    [readerTool, ['--name', 'a', '--all', '--tsv']],
    [readerTool, ['--index', '4', '--count', '2', '--field', 'Col2', '--quiet']],
    [readerTool, ['--json', '--name', '-']],
  ] as Array<[Tool<never>, string[]]>)('%#: %s %j', (tool, argv) => {
    const quick = quickParse(all(tool), argv);
    expect(quick).not.toBeNull();
    expect(JSON.parse(JSON.stringify(quick))).toEqual(commander(tool, argv));
  });
});

describe('quickParse leaves everything else to commander', () => {
  it.each([
    [writerTool, ['--help'], 'commander.helpDisplayed'],
    [writerTool, ['-h'], 'commander.helpDisplayed'],
    [readerTool, ['--version'], 'commander.version'],
    [writerTool, ['--bogus'], 'commander.unknownOption'],
    [writerTool, ['--size'], 'commander.optionMissingArgument'],
    [writerTool, ['--exclusive', '--recreate'], 'commander.conflictingOption'],
    [writerTool, ['--unlink', '--col1', '1'], 'commander.conflictingOption'],
    [readerTool, ['--all', '--count', '2'], 'commander.conflictingOption'],
    [readerTool, ['extra'], 'commander.excessArguments'],
    [readerTool, ['-qz'], 'commander.unknownOption'],
    [readerTool, ['--json=yes'], 'commander.unknownOption'],
  ] as Array<[Tool<never>, string[], string]>)('%#: %s %j is %s', (tool, argv, code) => {
    expect(quickParse(all(tool), argv)).toBeNull();
    expect(commander(tool, argv)).toBe(code);
  });
});
