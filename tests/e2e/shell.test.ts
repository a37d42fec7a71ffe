import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readerTool } from '../../src/cli/reader';
import { allOptions, flagNames, type Tool } from '../../src/cli/tool';
import { BUILT_IN } from '../../src/cli/help';
import { writerTool } from '../../src/cli/writer';
import { cleanUp, ROOT, run, shmPath, uniqueName } from '../helpers';

afterEach(cleanUp);

/** Every flag of the tool's option table, long and short, as the man page and the scripts must name them. */
function manFlags(tool: Tool<never>): string[] {
  return [...allOptions(tool), ...BUILT_IN].flatMap((o) => {
    const { long, short } = flagNames(o.flags);
    return short === undefined ? [long] : [short, long];
  });
}

/** What bash completes for the words typed (the last one being completed), with the script the tool prints loaded. */
function complete(tool: 'shm-writer' | 'shm-reader', words: string[]): string[] {
  const script = run(tool, ['--completion', 'bash']).stdout;
  const fn = `_${tool.replace(/-/g, '_')}`;
  const line = `${script}\nCOMP_WORDS=(${[tool, ...words].map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}; ${fn}; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const bash = spawnSync('bash', ['--norc', '--noprofile', '-c', line], { encoding: 'utf8' });
  expect(bash.stderr).toBe('');
  return bash.stdout.split('\n').filter(Boolean).sort();
}

describe('completion in a real bash', () => {
  it('completes flags from the option table', () => {
    expect(complete('shm-reader', ['--wa'])).toEqual(['--watch']);
    expect(complete('shm-writer', ['--in'])).toEqual(['--index', '--input-format']);
    expect(complete('shm-writer', ['-'])).toEqual(expect.arrayContaining(['--unlink', '--no-record', '-q', '--completion']));
  });

  it('completes the values an option takes', () => {
    expect(complete('shm-writer', ['--stdin', '--input-format', ''])).toEqual(['auto', 'json', 'tsv']);
    expect(complete('shm-reader', ['--completion', 'f'])).toEqual(['fish']);
    expect(complete('shm-writer', ['--mode', '64'])).toEqual(['640', '644']);
    expect(complete('shm-reader', ['--index', ''])).toEqual([]);
  });

  it('completes segment names from /dev/shm for --name and the name operand, no other file', () => {
    const [a, b] = [uniqueName('compl'), uniqueName('compl')];
    run('shm-writer', [a, '-q']);
    run('shm-writer', [b, '-q']);
    writeFileSync(shmPath(`sem.${a}`), ''); // a POSIX semaphore, not a segment
    try {
      const prefix = a.slice(0, a.lastIndexOf('-compl-') + 7);
      expect(complete('shm-reader', ['--name', prefix])).toEqual([a, b].sort());
      expect(complete('shm-writer', ['--unlink', prefix])).toEqual([a, b].sort());
      expect(complete('shm-reader', [a.slice(0, -2)])).toEqual([a]);
    } finally {
      run('shm-writer', ['--unlink', `sem.${a}`, '-q']);
    }
  });

  it('offers a name with a space or a star quoted for the shell, and never a file of the current folder', () => {
    const base = uniqueName('compl');
    const spaced = `${base} x*`;
    writeFileSync(shmPath(spaced), '');
    try {
      expect(complete('shm-reader', ['--name', base])).toEqual([`${base}\\ x\\*`]);
    } finally {
      rmSync(shmPath(spaced), { force: true });
    }
  });

  it.each(['zsh', 'fish'])('prints a %s script made from the same table', (shell) => {
    const script = run('shm-reader', ['--completion', shell]);
    expect(script.status).toBe(0);
    for (const flag of manFlags(readerTool as Tool<never>).filter((f) => f.startsWith('--')))
      expect(script.stdout).toContain(shell === 'fish' ? `-l ${flag.slice(2)}` : flag);
  });

  it('refuses a shell it has no script for', () => {
    const r = run('shm-reader', ['--completion', 'tcsh']);
    expect([r.status, r.stderr]).toEqual([2, 'shm-reader: no completion for "tcsh": use bash, zsh, fish\n']);
  });
});

describe('the man pages', () => {
  it.each([writerTool, readerTool] as Array<Tool<never>>)('render with man -l, and name every flag of the table: %s', (tool) => {
    const page = spawnSync('man', ['-l', join(ROOT, 'dist', 'man', `${tool.name}.1`)], {
      encoding: 'utf8',
      env: { ...process.env, MANPAGER: 'cat', PAGER: 'cat', MANWIDTH: '100', LANG: 'C.UTF-8' },
    });
    expect(page.status).toBe(0);
    const text = page.stdout.replace(/.\x08/g, '');
    expect(text).toMatch(new RegExp(`^${tool.name.toUpperCase()}\\(1\\)`));
    for (const heading of ['NAME', 'SYNOPSIS', 'OPTIONS', 'EXIT STATUS', 'EXAMPLES', 'SEE ALSO']) expect(text).toContain(`\n${heading}\n`);
    for (const flag of manFlags(tool)) expect(text).toMatch(new RegExp(`(^|[\\s,])${flag.replace(/-/g, '\\-')}\\b`));
  });

  it('are installed with the package: package.json names them', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { man: string[] };
    expect(pkg.man).toEqual(['./dist/man/shm-writer.1', './dist/man/shm-reader.1']);
  });
});
