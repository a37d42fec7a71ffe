import fc from 'fast-check';
import type { Io } from '../../src/cli/io';
import { buildProgram } from '../../src/cli/program';
import { quickParse } from '../../src/cli/quick-parse';
import { readerTool } from '../../src/cli/reader';
import { allOptions, flagNames, type Tool } from '../../src/cli/tool';
import { writerTool } from '../../src/cli/writer';

// Test titles name the tool, not its whole definition.
for (const tool of [readerTool, writerTool]) Object.defineProperty(tool, 'toString', { value: () => tool.name });

const io: Io = {
  out: () => undefined,
  err: () => undefined,
  stdoutIsTTY: () => false,
  stderrIsTTY: () => false,
  stdinIsTTY: () => false,
  columns: () => undefined,
  outputClosed: () => false,
  env: {},
  stdin: async function* () {},
};

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

const all = (tool: Tool<never>) => allOptions(tool);

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
    [readerTool, ['extra']],
    [readerTool, ['--all', 'my_shm', '--tsv']],
    [writerTool, ['my_shm', '--size', '4G']],
    [writerTool, ['--unlink', '-']],
    [writerTool, ['--unlink', 'a', 'b*', '--dry-run']],
    [readerTool, ['--list', 'job-*', '--raw']],
  ] as Array<[Tool<never>, string[]]>)('%#: %s %j', (tool, argv) => {
    const quick = quickParse(all(tool), argv, tool.manyNames);
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
    [readerTool, ['a', 'b'], 'commander.excessArguments'],
    [readerTool, ['--name', 'a', 'b'], 'commander.conflictingOption'],
    [readerTool, ['b', '--name', 'a'], 'commander.conflictingOption'],
    [readerTool, ['--watch', '--list'], 'commander.conflictingOption'],
    [readerTool, ['-qz'], 'commander.unknownOption'],
    [readerTool, ['--json=yes'], 'commander.unknownOption'],
  ] as Array<[Tool<never>, string[], string]>)('%#: %s %j is %s', (tool, argv, code) => {
    expect(quickParse(all(tool), argv, tool.manyNames)).toBeNull();
    expect(commander(tool, argv)).toBe(code);
  });
});

describe('quickParse and commander, on random invocations built from the real option tables', () => {
  // Words a user might type: every flag of the tool in its forms, values that look like flags or not.
  const words = (tool: Tool<never>) => {
    const forms = allOptions(tool).flatMap((spec) => {
      const { long, short, takesValue } = flagNames(spec.flags);
      const values = fc.constantFrom('x', '0', '-1', '--json', '', 'a=b', '@f.json', 'id:int32');
      const plain = takesValue ? fc.tuple(fc.constant(long), values).map(([f, v]) => [f, v]) : fc.constant([long]);
      const joined = takesValue ? values.map((v) => [`${long}=${v}`]) : fc.constant([`${long}=1`]);
      return short === undefined ? [plain, joined] : [plain, joined, fc.constant([short])];
    });
    return fc
      .array(fc.oneof(...forms, fc.constantFrom(['-'], ['extra'], ['--bogus'], ['-qz'])), { maxLength: 6 })
      .map((parts) => parts.flat());
  };

  it.each([writerTool, readerTool] as Array<Tool<never>>)('%s: where quickParse parses, commander gets the same flags', (tool) => {
    fc.assert(
      fc.property(words(tool), (argv) => {
        const quick = quickParse(all(tool), argv, tool.manyNames);
        const theirs = commander(tool, argv);
        if (quick !== null) expect(JSON.parse(JSON.stringify(quick))).toEqual(theirs);
        else expect(typeof theirs === 'string' || argv.some((a) => a === '-' || a === 'extra')).toBe(true);
      }),
      { seed: 20261127, numRuns: 400 },
    );
  });
});
