import { helpText, optionText, wantsHelp, wantsVersion } from '../../src/cli/help';
import { readerTool } from '../../src/cli/reader';
import { allOptions, type Tool } from '../../src/cli/tool';
import { writerTool } from '../../src/cli/writer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run } from '../helpers';

const tools = [writerTool, readerTool] as Array<Tool<never>>;
for (const tool of tools) Object.defineProperty(tool, 'toString', { value: () => tool.name });

/** The lines of the help's option section. */
const optionLines = (text: string) => text.slice(text.indexOf('Options:\n'), text.indexOf('\nExit codes:')).split('\n').slice(1);

describe('helpText', () => {
  it.each(tools.flatMap((t) => [60, 80, 132].map((w) => [t, w] as const)))('%s at %d columns: no option line is wider', (tool, width) => {
    for (const line of optionLines(helpText(tool, width))) expect(line.length).toBeLessThanOrEqual(width);
  });

  it.each(tools)('%s lists every option of its table with its default, unquoted', (tool) => {
    const text = helpText(tool, 1000);
    for (const option of allOptions(tool)) expect(text).toContain(`  ${option.flags}`);
    for (const option of allOptions(tool)) expect(text.replace(/\n +/g, ' ')).toContain(optionText(option));
    expect(text).toContain('(default: my_shm)');
    expect(text).not.toMatch(/default: "/);
  });

  it.each(tools)('%s starts with its usage forms, the positional NAME among them', (tool) => {
    const lines = helpText(tool, 80).split('\n');
    expect(lines[0]).toBe(`Usage: ${tool.name} [options] [NAME]`);
    expect(lines.slice(1, tool.usage.length).every((l) => l.startsWith(`       ${tool.name} `))).toBe(true);
  });

  it('puts a description under its flags where beside them is too narrow', () => {
    const lines = optionLines(helpText(writerTool as Tool<never>, 60));
    const at = lines.indexOf('  --input-format <format>');
    expect(lines[at + 1]).toMatch(/^ {6}with --stdin: tsv, json, or auto/);
  });

  it('does not wrap at all on a terminal too narrow for words', () => {
    const lines = optionLines(helpText(readerTool as Tool<never>, 30));
    expect(lines).toContain('      lay the --layout out with no padding, like __attribute__((packed))');
  });
});

describe('wantsHelp', () => {
  it.each<[string[], boolean]>([
    [['--help'], true],
    [['-h'], true],
    [['help'], true],
    [['--name', 'x', '--all', '-h'], true],
    [['--bogus', '--help'], true],
    [['--name', '--help'], false],
    [['--name', 'help'], false],
    [['x', 'help'], false],
    [['--', '--help'], false],
    [[], false],
  ])('%j: %s', (argv, expected) => {
    expect(wantsHelp(readerTool as Tool<never>, argv)).toBe(expected);
  });
});

describe('wantsVersion', () => {
  it.each<[string[], boolean]>([
    [['--version'], true],
    [['-V'], true],
    [['--json', 'x', '-V'], true],
    [['--name', '--version'], false],
    [['--layout', '-V'], false],
    [['--', '--version'], false],
    [['version'], false],
    [[], false],
  ])('%j: %s', (argv, expected) => {
    expect(wantsVersion(readerTool as Tool<never>, argv)).toBe(expected);
  });
});

describe('the bins print it', () => {
  it.each([
    ['shm-writer', ['help']],
    ['shm-reader', ['--json', '--help']],
  ] as const)('%s %j: the help, exit 0, nothing on stderr', (tool, argv) => {
    const { status, stdout, stderr } = run(tool, [...argv]);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toBe(helpText((tool === 'shm-writer' ? writerTool : readerTool) as Tool<never>, 80));
  });

  it.each([
    ['shm-writer', ['-V']],
    ['shm-reader', ['--name', 'x', '--version']],
  ] as const)('%s %j: the version in package.json, exit 0', (tool, argv) => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run(tool, [...argv])).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: '' });
  });
});
