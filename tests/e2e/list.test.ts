import { statfsSync } from 'node:fs';
import { runReader } from '../../src/cli/reader';
import { cleanUp, inProcess, run, uniqueName } from '../helpers';

afterEach(cleanUp);

/** Two segments under one prefix, and the pattern that matches just them. */
function twoSegments(): { prefix: string; a: string; b: string } {
  const prefix = uniqueName('ls');
  const [a, b] = [`${prefix}-a`, `${prefix}-bb`];
  run('shm-writer', [a, '--size', '1M', '-q']);
  run('shm-writer', [b, '--mode', '644', '-q']);
  return { prefix, a, b };
}
const unlink = (prefix: string) => run('shm-writer', ['--unlink', `${prefix}-*`, '-q']);

describe('shm-reader --list, as lsipc lists', () => {
  it('takes a pattern, columns, exact bytes, no headings and raw rows', () => {
    const { prefix, a, b } = twoSegments();
    try {
      const r = run('shm-reader', [
        '--list',
        `${prefix}-*`,
        '--output',
        'name,size,mode,perms,records',
        '--bytes',
        '--raw',
        '--noheadings',
      ]);
      expect([r.status, r.stdout, r.stderr]).toEqual([0, `/${a}\t1048576\t600\trw-------\t43690\n/${b}\t24\t644\trw-r--r--\t1\n`, '']);
      const headed = run('shm-reader', ['--list', `/${b}`, '--output', '+UID', '--raw']).stdout.split('\n');
      expect(headed[0]).toBe('NAME\tSIZE\tUSED\tMODE\tPERMS\tOWNER\tGROUP\tMODIFIED\tRECORDS\tUID');
      expect(headed[1]).toMatch(new RegExp(`^/${b}\\t24 B\\t4 KiB\\t644\\trw-r--r--\\t`));
    } finally {
      unlink(prefix);
    }
  });

  it('ends its table with the count, and what /dev/shm holds and has free; JSON says it too', () => {
    const { prefix } = twoSegments();
    try {
      const lines = run('shm-reader', ['--list', `${prefix}-*`, '--bytes'])
        .stdout.trimEnd()
        .split('\n');
      expect(lines).toHaveLength(4);
      const fs = statfsSync('/dev/shm');
      expect(lines[3]).toMatch(new RegExp(`^2 segments; /dev/shm: ${fs.blocks * fs.bsize} bytes, \\d+ bytes used, \\d+ bytes free$`));
      const json = JSON.parse(run('shm-reader', ['--list', `${prefix}-*`, '--json']).stdout) as {
        segments: unknown[];
        filesystem: Record<string, unknown>;
      };
      expect(json.segments).toHaveLength(2);
      expect(json.filesystem).toMatchObject({ path: '/dev/shm', size: fs.blocks * fs.bsize });
    } finally {
      unlink(prefix);
    }
  });

  it('fits a narrow terminal by leaving out the lesser columns, never cutting a name', async () => {
    const { prefix, a, b } = twoSegments();
    try {
      const wide = await inProcess(runReader, ['--list', `${prefix}-*`], { columns: 200 });
      expect(wide.stdout.split('\n')[0]).toMatch(/^NAME +SIZE +USED +MODE +PERMS +OWNER +GROUP +MODIFIED +RECORDS$/);
      const narrow = await inProcess(runReader, ['--list', `${prefix}-*`], { columns: 60 });
      const lines = narrow.stdout.split('\n');
      expect(lines[0]).toMatch(/^NAME +SIZE +MODE +OWNER/);
      expect(lines[0]).not.toMatch(/GROUP|PERMS|USED/);
      expect(lines[1].startsWith(`/${a} `)).toBe(true);
      expect(lines[2].startsWith(`/${b} `)).toBe(true);
      for (const line of lines.slice(0, 3)) expect(line.length).toBeLessThanOrEqual(Math.max(60, `/${b}`.length + 30));
      // Columns asked for are shown, whatever the width; the default ones beside them still give way.
      const asked = await inProcess(runReader, ['--list', `${prefix}-*`, '--output', 'NAME,GROUP,PERMS'], { columns: 20 });
      expect(asked.stdout.split('\n')[0]).toMatch(/^NAME +GROUP +PERMS$/);
      const added = await inProcess(runReader, ['--list', `${prefix}-*`, '--output', '+UID'], { columns: 60 });
      expect(added.stdout.split('\n')[0]).toMatch(/^NAME +SIZE .*UID$/);
      expect(added.stdout.split('\n')[0]).not.toMatch(/GROUP/);
    } finally {
      unlink(prefix);
    }
  });

  it.each<[string[], string]>([
    [
      ['--list', '--output', 'NAME,COLOUR'],
      'shm-reader: no column "COLOUR" for --output: use NAME, SIZE, USED, MODE, PERMS, OWNER, GROUP, UID, GID, MODIFIED, CHANGED, RECORDS, LAYOUT (e.g. --output NAME,SIZE or --output +UID)\n',
    ],
    [['--bytes'], 'shm-reader: --bytes is for --list\n'],
    [['--raw', '--list', '--json'], "shm-reader: option '--raw' cannot be used with option '--json' (see --help)\n"],
    [
      ['--list', '--json', '--output', 'NAME'],
      "shm-reader: option '--output <columns>' cannot be used with option '--json' (see --help)\n",
    ],
    [['--list', 'job-[z-a]'], 'shm-reader: invalid pattern "job-[z-a]": a range in brackets goes from low to high, as in [a-z]\n'],
  ])('%j is refused', (args, stderr) => {
    const r = run('shm-reader', args);
    expect([r.status, r.stderr]).toEqual([2, stderr]);
  });

  it('takes the name from --name as from the operand, and lists every segment when none is given', () => {
    const { prefix, a, b } = twoSegments();
    try {
      const names = (args: string[]) => run('shm-reader', [...args, '--output', 'NAME', '--noheadings']).stdout;
      expect(names(['--list', '--name', a])).toBe(`/${a}\n`);
      expect(names(['--list', '--name', `${prefix}-*`])).toBe(`/${a}\n/${b}\n`);
      expect(names(['--list'])).toContain(`/${a}\n/${b}\n`);
    } finally {
      unlink(prefix);
    }
  });

  it('says a plain name that names no segment is not there, as --info does; a pattern may match none', () => {
    const missing = uniqueName('ls');
    const r = run('shm-reader', ['--list', missing]);
    expect([r.status, r.stderr]).toEqual([3, run('shm-reader', ['--info', missing]).stderr]);
    expect(run('shm-reader', ['--list', `${missing}-*`, '--noheadings']).stdout).toBe('');
  });

  it('--info shows the columns --list has, under the same names', () => {
    const name = uniqueName('ls');
    run('shm-writer', [name, '-q']);
    // The layout's fields, indented under it, are --info's own.
    const keys = run('shm-reader', ['--info', name])
      .stdout.split('\n')
      .slice(1, -1)
      .filter((l) => !l.startsWith('    '))
      .map((l) => l.trim().split(/ +/)[0]);
    expect(keys).toEqual(['size', 'used', 'mode', 'owner', 'modified', 'layout', 'records']);
    const json = JSON.parse(run('shm-reader', ['--info', name, '--json']).stdout) as Record<string, unknown>;
    const listed = (JSON.parse(run('shm-reader', ['--list', name, '--json']).stdout) as { segments: Array<Record<string, unknown>> })
      .segments[0];
    expect(Object.keys(json)).toEqual(Object.keys(listed));
    expect(Object.keys(listed)).toEqual([
      'name',
      'size',
      'used',
      'mode',
      'perms',
      'owner',
      'uid',
      'group',
      'gid',
      'modified',
      'changed',
      'records',
      'recordSize',
      'layout',
    ]);
  });
});
