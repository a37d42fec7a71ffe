import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, cleanUp, run, uniqueName, waitFor } from '../helpers';

// `--watch` on a real terminal: tmux runs the reader in a pane of 80x24, the test reads the
// screen (capture-pane) and every byte written to it (pipe-pane), and types keys (send-keys).
afterEach(cleanUp);
jest.setTimeout(120_000);

let sessions = 0;

/** A tmux server of its own with one pane running `command` after a shell line, then `exit=N` and a wait. */
function terminal(command: string[], { width = 80, height = 24 } = {}) {
  const socket = `shm-live-${process.pid}-${++sessions}`;
  const dir = mkdtempSync(join(tmpdir(), 'shm-live-'));
  const log = join(dir, 'written');
  const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  const quoted = command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // The pane waits for a line before the reader starts, so that everything it writes is logged.
  // Ctrl-C reaches the shell too: its trap keeps it alive to say how the reader ended.
  const script = `trap 'true' INT; printf 'before-the-watch\\n'; read go; ${quoted}; echo "exit=$?"; exec cat`;
  const started = tmux('new-session', '-d', '-x', `${width}`, '-y', `${height}`, '-s', 't', 'sh', '-c', script);
  if (started.status !== 0) throw new Error(`tmux: ${started.stderr}`);
  tmux('pipe-pane', '-t', 't', '-o', `cat >> '${log}'`);
  tmux('send-keys', '-t', 't', 'Enter');
  const screen = (styles = false) => tmux('capture-pane', '-p', '-J', ...(styles ? ['-e'] : []), '-t', 't').stdout;
  return {
    screen,
    /** Waits for the screen to satisfy `check`, and returns it. */
    until: (what: string, check: (text: string) => boolean, styles = false) =>
      waitFor(`the screen to show ${what}`, () => {
        const text = screen(styles);
        return check(text) && text;
      }).catch((err: Error) => {
        throw new Error(`${err.message}\nscreen:\n${screen(styles)}`);
      }),
    keys: (...keys: string[]) => tmux('send-keys', '-t', 't', ...keys),
    /** Waits for what the pane's program wrote to it (logged by tmux as it goes) to match `pattern`, and returns it all. */
    wrote: (pattern: RegExp) =>
      waitFor(`the reader to write ${String(pattern)}`, () => {
        const text = readFileSync(log, 'latin1');
        return pattern.test(text) && text;
      }),
    close: () => {
      tmux('kill-server');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const watchLive = (...args: string[]) => [process.execPath, bin('shm-reader'), '--watch', '--interval', '20', ...args];
const lines = (screen: string) => screen.split('\n').map((l) => l.trimEnd());

describe('shm-reader --watch on a terminal', () => {
  let term: ReturnType<typeof terminal> | undefined;
  afterEach(() => term?.close());

  it('draws a table in place, lights the field that changed, and q gives the terminal back as it was', async () => {
    const name = uniqueName('live');
    expect(run('shm-writer', [name, '--size', '72', '-q']).status).toBe(0);
    term = terminal(watchLive(name, '--all'), { width: 120 });
    // Each wait is for the whole state checked after it: tmux may show a frame half-drawn, and a
    // record scrolled into view is blank until it is read.
    const first = lines(await term.until('the table', (s) => s.includes('    2     0     0     0') && s.includes('q quit')));
    expect(first[0]).toBe(`/${name}  72 B  last change none yet  0.0 changes/s  records 0 to 2`);
    expect(first.slice(1, 5)).toEqual([
      'index  Col1  Col2  Col3',
      '    0   100   876  8021',
      '    1     0     0     0',
      '    2     0     0     0',
    ]);
    expect(first[5]).toBe('q quit');

    expect(run('shm-writer', [name, '--index', '1', '--col2', '-77', '-q']).status).toBe(0);
    const changed = lines(await term.until('the change', (s) => s.includes('-77')));
    expect(changed[3]).toBe('    1     0   -77     0');
    expect(changed[0]).toMatch(/ {2}last change \d\d:\d\d:\d\d\.\d\d\d {2}0\.2 changes\/s {2}records 0 to 2$/);
    // Lit in inverse video, that field alone (its row written up to the last field); then it fades.
    const written = await term.wrote(/\x1b\[7m -77\x1b\[27m {2}(?:\x1b\[7m)? {3}0/);
    const lit = [...written.matchAll(/\x1b\[7m([^\x1b]*)\x1b\[27m/g)].map((m) => m[1]);
    expect(new Set(lit)).toEqual(new Set([' -77']));
    await term.until('the highlight gone', (s) => s.includes('-77') && !s.includes('\x1b[7m'), true);

    // Ctrl-Z with no job control to resume it (sh -c): the signal is dropped and the view goes on.
    term.keys('C-z', 'End');
    await term.until('the table, still', (s) => s.includes('-77') && s.includes('q quit'));

    term.keys('q');
    const after = lines(await term.until('the reader gone', (s) => s.includes('exit=')));
    expect(after.filter((l) => l !== '')).toEqual(['before-the-watch', 'exit=0']);
  });

  it('scrolls with the keys and follows the records that change', async () => {
    const name = uniqueName('live');
    expect(run('shm-writer', [name, '--size', `${1000 * 24}`, '-q']).status).toBe(0);
    term = terminal(watchLive(name, '--all'));
    // 24 lines: the header, the heads, 20 records, the key line, and the line the cursor rests on.
    let s = lines(await term.until('the table', (t) => /^ +19 +0 +0 +0$/m.test(t) && t.includes('f follow changes')));
    expect(s[2]).toMatch(/^ +0 +100 +876 +8021$/);
    expect(s[21]).toMatch(/^ +19 +0 +0 +0$/);
    expect(s[22]).toBe('0 to 19 of 0 to 999  q quit  ↑↓ PgUp PgDn Home End scroll  f follow changes');

    term.keys('PageDown');
    s = lines(await term.until('the next page', (t) => t.includes('19 to 38 of') && /^ +19 +0 +0 +0$/m.test(t)));
    expect(s[2]).toMatch(/^ +19 +0 +0 +0$/);
    term.keys('End');
    s = lines(await term.until('the end', (t) => t.includes('980 to 999 of') && /^ +999 +0 +0 +0$/m.test(t)));
    expect(s[21]).toMatch(/^ +999 +0 +0 +0$/);
    term.keys('Home', 'Down');
    await term.until('one record down', (t) => t.includes('1 to 20 of'));

    term.keys('f');
    await term.until('following', (t) => t.includes('f stop following'));
    expect(run('shm-writer', [name, '--index', '500', '--col3', '5005', '-q']).status).toBe(0);
    s = lines(await term.until('record 500', (t) => / 500 +0 +0 +5005/.test(t)));
    expect(s[21]).toMatch(/^ +500 +0 +0 +5005$/);
    await term.wrote(/\x1b\[7m *5005\x1b\[27m/);

    term.keys('C-c');
    const after = lines(await term.until('the reader gone', (t) => t.includes('exit=')));
    expect(after.filter((l) => l !== '')).toEqual(['before-the-watch', 'exit=0']);
  });

  it('Ctrl-Z in an interactive shell: stopped with the terminal given back, and whole again after fg', async () => {
    const name = uniqueName('live');
    expect(run('shm-writer', [name, '-q']).status).toBe(0);
    term = terminal(['env', 'PS1=$ ', 'bash', '--norc', '--noprofile', '-i']);
    await term.until('a prompt', (s) => s.includes('$'));
    term.keys(watchLive(name).join(' '), 'Enter');
    await term.until('the table', (s) => s.includes('index'));
    term.keys('C-z');
    const stopped = await term.until('the job stopped', (s) => /Stopped/.test(s));
    expect(stopped).not.toContain('q quit');
    term.keys('fg', 'Enter');
    await term.until('the table again', (s) => s.includes('index') && s.includes('8021') && s.includes('q quit'));
    term.keys('q');
    const after = await term.until('the prompt again', (s) => !s.includes('q quit') && /\$ $/m.test(s));
    expect(after).toContain('Stopped');
  });

  it('gives the terminal back before it says why it stopped: the segment removed', async () => {
    const name = uniqueName('live');
    expect(run('shm-writer', [name, '-q']).status).toBe(0);
    term = terminal(watchLive(name));
    await term.until('the table', (t) => t.includes('index'));
    expect(run('shm-writer', ['--unlink', name, '-q']).status).toBe(0);
    const after = lines(await term.until('the reader gone', (t) => t.includes('exit=')));
    expect(after.filter((l) => l !== '')).toEqual([
      'before-the-watch',
      `shm-reader: /${name} was removed while being watched`,
      expect.stringMatching(/^exit=[1-9]/),
    ]);
  });

  it('takes the screen only once the segment is open: a missing one is an error on the terminal as it was', async () => {
    term = terminal(watchLive(uniqueName('live')));
    const after = lines(await term.until('the reader gone', (t) => t.includes('exit=')));
    expect(after.filter((l) => l !== '')).toEqual(['before-the-watch', expect.stringMatching(/^shm-reader: .*jest-shm-live-/), 'exit=3']);
    expect(await term.wrote(/exit=3/)).not.toContain('\x1b[?1049h');
  });

  it.each<[string, string[], string[], RegExp]>([
    ['--no-live', [], ['--no-live'], /\d\d:\d\d:\d\d\.\d\d\d {2}\/jest-shm-live-\S+\[0\] {2}Col1=100/],
    ['--json', [], ['--json'], /"Col3":8021/],
    ['a dumb terminal', ['env', 'TERM=dumb'], [], /\/jest-shm-live-\S+\[0\] {2}Col1=100/],
  ])('prints lines as when piped with %s', async (_, env, flags, line) => {
    const name = uniqueName('live');
    expect(run('shm-writer', [name, '-q']).status).toBe(0);
    term = terminal([...env, ...watchLive(name, ...flags)]);
    const s = await term.until('a line', (t) => t.includes('8021'));
    expect(s).not.toContain('q quit');
    expect(s).toMatch(line);
    term.keys('C-c');
    await term.until('the reader gone', (t) => t.includes('exit=0'));
  });
});
