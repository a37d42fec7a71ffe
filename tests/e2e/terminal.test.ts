import { spawnSync } from 'node:child_process';
import { bin, cleanUp, run, uniqueName } from '../helpers';

afterEach(cleanUp);

// A real pseudo-terminal (Python's pty): the command's standard input, output and error are a
// terminal. `typed` is what is typed once the command has written `prompt` (nothing, by default);
// printed: the exit code on a line, then every byte that reached the terminal.
const onTerminal = (prompt = '', typed = '') => `
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
seen = b''
if ${JSON.stringify(prompt)}:
    while ${JSON.stringify(prompt)}.encode() not in seen:
        seen += os.read(fd, 1024)
    os.write(fd, ${JSON.stringify(typed)}.encode())
while True:
    try:
        more = os.read(fd, 1024)
    except OSError:
        break
    if not more:
        break
    seen += more
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(b'%d\\n' % os.waitstatus_to_exitcode(status) + seen)
`;
const AT_A_TERMINAL = onTerminal('Ctrl-D', '7\t8\t9\n\x04');

describe('shm-writer --stdin at a terminal', () => {
  it('says how input ends, takes the lines typed, and ends at Ctrl-D', () => {
    const name = uniqueName('tty');
    const py = spawnSync('python3', ['-c', AT_A_TERMINAL, process.execPath, bin('shm-writer'), name, '--stdin', '-q'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(py.status).toBe(0);
    expect(py.stdout).toMatch(/^0\nshm-writer: reading records from the terminal, one per line; Ctrl-D ends them, Ctrl-C stops\r\n/);
    expect(run('shm-reader', [name, '--tsv']).stdout).toBe('7\t8\t9\n');
  });

  it('says nothing of the kind when input is a pipe', () => {
    const w = run('shm-writer', [uniqueName('tty'), '--stdin', '-q'], { input: '1\t2\t3\n' });
    expect([w.status, w.stderr]).toEqual([0, '']);
  });
});

describe('values at a terminal', () => {
  it.each([['--tsv'], ['--json'], ['--field', 's']])(
    '%s escapes their control characters there, and a pipe gets them as they are',
    (...args) => {
      const name = uniqueName('tty');
      const value = 'A\x1b[2J\u009b31mB';
      expect(run('shm-writer', [name, '--layout', 's:char[12]', '--set', `s=${value}`, '-q']).status).toBe(0);
      const seen = spawnSync('python3', ['-c', onTerminal(), process.execPath, bin('shm-reader'), name, ...args], { encoding: 'latin1' });
      expect(seen.stdout).toMatch(/^0\n/);
      expect(seen.stdout).not.toMatch(/[\x1b\x9b]/);
      expect(seen.stdout).toContain('\\u001b[2J');
      expect(run('shm-reader', [name, ...args]).stdout).toMatch(args[0] === '--json' ? /\\u001b\[2J\u009b31mB/ : /\x1b\[2J\u009b31mB/);
    },
  );
});
