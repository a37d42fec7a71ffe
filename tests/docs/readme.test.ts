/**
 * README.md's shell examples, run, with what they print compared to what the README shows.
 *
 * The convention (keep to it when editing the README):
 * - Every ```sh block is run by bash, in README order within its `##` section. Each section runs in
 *   one shell (variables carry over between its blocks), in a fresh temporary directory, with an
 *   empty /dev/shm of its own: a tmpfs in a private mount namespace (`unshare --mount`, with
 *   `--map-root-user` when not root). Where that is not possible (or DOCTEST_RENAME=1), the section's
 *   segments (`--name X`) are renamed to `X-doctest-<pid>-<n>` in its commands and shown output
 *   instead, and removed afterwards. On PATH, `shm-writer` and `shm-reader` run the built bins, and
 *   `npx X` runs X.
 * - Each line is one command (a trailing `\` continues it). It must exit 0, or N if its comment is
 *   `# exit N`. Any other comment that does not start with a letter is the command's exact output
 *   (one line of stdout); a comment that starts with a letter is prose.
 * - A plain ``` block right after an sh block (blank lines between) is the block's whole stdout.
 *   A block's stderr must be empty, unless the line before its fence is `<!-- doc-test: stderr -->`:
 *   then the shown output is its whole stderr (its stdout is checked only by comments).
 * - A command with `--watch` runs as `... | head -n 1` (with pipefail): its first line is checked,
 *   and it must end with exit code 0 when head closes the pipe.
 * - `<!-- doc-test: skip (reason) -->` before a fence: the block is not run.
 *   `<!-- doc-test: file NAME -->` before a fence (any language): its text is written to NAME in the
 *   section's directory before the section runs.
 * - Before comparing, both sides are normalised: date-times and times become <date> and <time>,
 *   `owner NAME (ID)`/`group NAME (ID)` become `owner <name> (<id>)`.
 * Blocks in other languages are not run (the ts example is scripts/example.ts, run by its own test).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers';

interface Command {
  line: number;
  text: string;
  status: number;
  stdout?: string;
}
interface Block {
  line: number;
  commands: Command[];
  stderr: boolean;
  output?: string;
}
interface Section {
  title: string;
  blocks: Block[];
  files: { name: string; text: string }[];
}

/** Splits a shell line at its comment: a `#` outside quotes, at the start or after a space. */
function splitComment(line: string): [string, string | undefined] {
  let open = ''; // the quote we are inside, if any
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (open) {
      if (c === open) open = '';
      else if (c === '\\' && open === '"') i++;
    } else if (c === '\\') i++;
    else if (c === "'" || c === '"') open = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return [line.slice(0, i).trimEnd(), line.slice(i + 1).trim()];
  }
  return [line, undefined];
}

function parseCommands(body: string[], firstLine: number): Command[] {
  const commands: Command[] = [];
  for (let k = 0; k < body.length; k++) {
    const line = firstLine + k;
    let text = body[k];
    while (text.endsWith('\\') && k + 1 < body.length) text += '\n' + body[++k];
    const [code, comment] = splitComment(text);
    if (code.trim() === '') continue;
    const exit = /^exit (\d+)$/.exec(comment ?? '');
    const shown = comment !== undefined && !exit && !/^[A-Za-z]/.test(comment);
    commands.push({ line, text: code, status: exit ? Number(exit[1]) : 0, stdout: shown ? `${comment}\n` : undefined });
  }
  return commands;
}

function parseReadme(text: string): Section[] {
  const lines = text.split('\n');
  const sections: Section[] = [{ title: '(before the first section)', blocks: [], files: [] }];
  let previous: { end: number; block?: Block } | undefined; // the last fenced block
  for (let i = 0; i < lines.length; i++) {
    const heading = /^## (.+)$/.exec(lines[i]);
    if (heading) sections.push({ title: heading[1], blocks: [], files: [] });
    const fence = /^```(\S*)$/.exec(lines[i]);
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    for (i++; lines[i] !== '```'; i++) {
      if (i >= lines.length) throw new Error(`README.md:${start + 1}: unclosed fence`);
      body.push(lines[i]);
    }
    const section = sections[sections.length - 1];
    const marker = /^<!-- doc-test: (.*) -->$/.exec(lines[start - 1] ?? '')?.[1];
    const file = /^file (\S+)$/.exec(marker ?? '');
    const known = file || /^skip \(.+\)$/.test(marker ?? '') || (marker === 'stderr' && fence[1] === 'sh');
    if (marker !== undefined && !known) {
      throw new Error(`README.md:${start}: unknown or misplaced doc-test marker "${marker}"`);
    }
    if (file) section.files.push({ name: file[1], text: body.join('\n') + '\n' });
    const follows = previous !== undefined && lines.slice(previous.end + 1, start).every((l) => l.trim() === '');
    if (fence[1] === '' && follows && previous?.block) previous.block.output = body.join('\n') + '\n';
    let block: Block | undefined;
    if (fence[1] === 'sh' && !marker?.startsWith('skip')) {
      block = { line: start + 1, commands: parseCommands(body, start + 2), stderr: marker === 'stderr' };
      section.blocks.push(block);
    }
    previous = { end: i, block };
  }
  return sections.filter((s) => s.blocks.length > 0);
}

/** What legitimately varies from run to run, the same on both sides. */
function normalise(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?Z?/g, '<date>')
    .replace(/\b\d\d:\d\d:\d\d\.\d{3}\b/g, '<time>')
    .replace(/\b(owner|group)(\s+)\S+ \(\d+\)/g, '$1$2<name> (<id>)');
}

/** Shown and printed, line by line: `  ` the same, `- ` shown, `+ ` printed. */
function diff(shown: string, printed: string): string {
  const a = shown.split('\n');
  const b = printed.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) out.push(`  ${a[i]}`);
    else out.push(...(i < a.length ? [`- ${a[i]}`] : []), ...(i < b.length ? [`+ ${b[i]}`] : []));
  }
  return out.join('\n');
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** How to give each section an empty /dev/shm: the unshare flags that work here, or null (rename). */
function namespaceFlags(): string[] | null {
  if (process.env.DOCTEST_RENAME === '1') return null;
  for (const flags of [['--mount'], ['--mount', '--map-root-user']]) {
    const probe = spawnSync('unshare', [...flags, 'sh', '-c', 'mount -t tmpfs -o size=1M doctest /dev/shm'], { stdio: 'ignore' });
    if (probe.status === 0) return flags;
  }
  return null;
}

let renameCounter = 0;

/** Runs a section's blocks in one shell; returns what differs from the README, as readable lines. */
function runSection(section: Section, unshare: string[] | null): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'readme-doctest-'));
  const renamed = new Map<string, string>();
  try {
    const [bin, work, out] = ['bin', 'work', 'out'].map((d) => join(dir, d));
    for (const d of [bin, work, out]) mkdirSync(d);
    const wrappers: Record<string, string> = { npx: 'exec "$@"' };
    for (const tool of ['shm-writer', 'shm-reader'])
      wrappers[tool] = `exec ${quote(process.execPath)} ${quote(join(ROOT, 'bin', `${tool}.js`))} "$@"`;
    for (const [name, body] of Object.entries(wrappers)) {
      writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    }
    for (const f of section.files) writeFileSync(join(work, f.name), f.text);

    let rename = (s: string): string => s;
    if (!unshare) {
      for (const c of section.blocks.flatMap((b) => b.commands)) {
        for (const m of c.text.matchAll(/--name[ =]([\w.-]+)/g)) {
          if (!renamed.has(m[1])) renamed.set(m[1], `${m[1]}-doctest-${process.pid}-${++renameCounter}`);
        }
      }
      const names = [...renamed.keys()].map((n) => n.replace(/[.]/g, '\\.')).join('|');
      const re = new RegExp(`(--name[ =]|/dev/shm/|(?<![\\w./-])/)(${names})(?![\\w.-])`, 'g');
      if (names) rename = (s) => s.replace(re, (_m, before: string, name: string) => before + renamed.get(name));
    }

    const script = [unshare ? 'mount -t tmpfs -o size=1G,mode=1777 doctest /dev/shm || exit 90' : '', `cd ${quote(work)} || exit 91`];
    section.blocks.forEach((block, b) =>
      block.commands.forEach((command, c) => {
        const text = rename(command.text);
        const run = /(^|\s)--watch(\s|$)/.test(text) ? `(set -o pipefail; ${text} | head -n 1)` : text;
        const file = quote(join(out, `${b}.${c}`));
        script.push(`{ ${run}\n} >${file}.out 2>${file}.err </dev/null; echo $? >${file}.rc`);
      }),
    );
    writeFileSync(join(dir, 'script.sh'), script.join('\n') + '\n');
    const shell = ['bash', join(dir, 'script.sh')];
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, FORCE_COLOR: '0' };
    const res = unshare
      ? spawnSync('unshare', [...unshare, ...shell], { encoding: 'utf8', env, timeout: 20_000 })
      : spawnSync(shell[0], shell.slice(1), { encoding: 'utf8', env, timeout: 20_000 });

    const problems: string[] = [];
    section.blocks.forEach((block, b) => {
      let stdout = '';
      let stderr = '';
      for (const [c, command] of block.commands.entries()) {
        const file = join(out, `${b}.${c}`);
        const at = `README.md:${command.line}: ${command.text}`;
        if (!existsSync(`${file}.rc`)) {
          problems.push(`${at}\n  not run: the shell ended with ${res.status ?? res.signal}, ${res.error?.message ?? res.stderr}`);
          continue;
        }
        const [o, e] = [readFileSync(`${file}.out`, 'utf8'), readFileSync(`${file}.err`, 'utf8')];
        const status = Number(readFileSync(`${file}.rc`, 'utf8'));
        stdout += o;
        stderr += e;
        if (status !== command.status) problems.push(`${at}\n  exit code ${status}, not ${command.status}; stderr: ${e}`);
        if (command.stdout !== undefined && normalise(o) !== normalise(rename(command.stdout))) {
          problems.push(`${at}\n  printed other than its comment shows:\n${diff(normalise(rename(command.stdout)), normalise(o))}`);
        }
      }
      const at = `README.md:${block.line}: the block`;
      if (!block.stderr && stderr !== '') problems.push(`${at} printed on stderr:\n${stderr}`);
      const printed = block.stderr ? stderr : stdout;
      if (block.output !== undefined && normalise(printed) !== normalise(rename(block.output))) {
        problems.push(
          `${at} printed other than the README shows (${block.stderr ? 'stderr' : 'stdout'}):\n${diff(normalise(rename(block.output)), normalise(printed))}`,
        );
      }
    });
    return problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    for (const name of renamed.values()) rmSync(`/dev/shm/${name}`, { force: true });
  }
}

const sections = parseReadme(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const unshare = namespaceFlags();

describe(`README.md examples (${unshare ? 'a private /dev/shm per section' : 'renamed segments'})`, () => {
  it('has examples to run, in several sections', () => {
    expect(sections.length).toBeGreaterThanOrEqual(6);
  });

  it.each(sections.map((s) => [s.title, s] as const))('%s', (_title, section) => {
    const problems = runSection(section, unshare);
    if (problems.length > 0) throw new Error(`README.md's examples print other than it shows:\n\n${problems.join('\n\n')}`);
  });
});
