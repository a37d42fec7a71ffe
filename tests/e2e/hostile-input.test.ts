import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, cleanUp, run, shmPath, snapshot, spawnPeer, uniqueName, waitFor } from '../helpers';

// Hostile input found by trying the tools as an attacker would: each case gets its documented
// exit code and one printable line on stderr, and a refused run changes nothing.
afterEach(cleanUp);

/** One line, no control character but its newline. */
const printableLine = (text: string) => expect(text).toMatch(/^[^\u0000-\u001f\u007f-\u009f]*\n$/);

describe('every argument is checked before the first system call', () => {
  it.each([[['--layout', 'garbage!!']], [['--packed']], [['--layout', '@/nonexistent/layout.json']]])(
    '--unlink %j removes nothing',
    (args) => {
      const name = uniqueName('unlink');
      run('shm-writer', ['--name', name, '-q']);
      const before = snapshot(name);
      const r = run('shm-writer', ['--name', name, '--unlink', ...args]);
      expect(r.status).toBe(2);
      printableLine(r.stderr);
      expect(snapshot(name)).toEqual(before);
    },
  );

  it.each([['garbage'], ['0'], ['3600001']])('shm-reader --interval %s is refused even without --watch', (interval) => {
    const r = run('shm-reader', ['--name', uniqueName('never'), '--interval', interval]);
    expect([r.status, r.stderr]).toEqual([2, `shm-reader: --interval must be a whole number from 1 to 3600000, not "${interval}"\n`]);
  });

  it.each(['4toString', '4constructor', '1valueOf', '1__proto__'])('--size %s is a usage error', (size) => {
    const r = run('shm-writer', ['--name', uniqueName('never'), '--size', size]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^shm-writer: invalid size /);
  });
});

describe('records are never plain objects keyed by user text', () => {
  it('a field named __proto__ is stored, printed as valid JSON and read back', () => {
    const name = uniqueName('proto');
    const L = '__proto__:int64,constructor:int32';
    const w = run('shm-writer', ['--name', name, '--layout', L, '--set', '__proto__=5', '--set', 'constructor=6', '--json']);
    expect(w.status).toBe(0);
    expect(JSON.parse(w.stdout).record).toEqual(JSON.parse('{"__proto__":5,"constructor":6}'));
    const bulk = run('shm-writer', ['--name', name, '--layout', L, '--stdin', '--index', '1', '-q'], {
      input: '{"__proto__":7,"constructor":2}\n',
    });
    expect(bulk.status).toBe(0);
    expect(run('shm-reader', ['--name', name, '--layout', L, '--all', '--tsv']).stdout).toBe('5\t6\n7\t2\n');
  });
});

describe('bad lines on --stdin', () => {
  it.each([
    ['an invalid escape', '{"Col1":"\\x41","Col2":1,"Col3":1}', 'an invalid escape or control character in a string'],
    ['a short unicode escape', '{"Col1":1,"Col2":"\\u12","Col3":1}', 'an invalid escape or control character in a string'],
    ['deeply nested arrays', `{"Col1":${'['.repeat(5000)}1${']'.repeat(5000)},"Col2":1,"Col3":1}`, 'arrays nested more than 32 deep'],
    ['a 10 MB string', `{"Col1":"${'x'.repeat(10_000_000)}","Col2":1,"Col3":1}`, 'longer than \\d+ bytes'],
  ])('%s: exit 2 with its line number, the records before it written', (_, bad, problem) => {
    const name = uniqueName('badjson');
    const r = run('shm-writer', ['--name', name, '--stdin'], { input: `1\t2\t3\n${bad}\n4\t5\t6\n` });
    expect(r.status).toBe(2);
    printableLine(r.stderr);
    expect(r.stderr.length).toBeLessThan(1200);
    expect(r.stderr).toMatch(new RegExp(`^shm-writer: line 2: .*${problem}.*; records 0 to 0 \\(1\\) were written before it\\n$`));
    expect(run('shm-reader', ['--name', name, '--all', '--tsv']).stdout).toBe('1\t2\t3\n');
  });

  it('scans a JSON string of megabytes without running out of stack', () => {
    const name = uniqueName('bigjson');
    const L = 's:char[1048576],n:int8';
    const r = run('shm-writer', ['--name', name, '--layout', L, '--stdin'], {
      input: `{"s":"a","n":1}\n{"s":"${'x'.repeat(3_000_000)}","n":2}\n`,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^shm-writer: line 2: s must be a string of at most 1048576 bytes of UTF-8 with no NUL \(char\[1048576\]\); records 0 to 0 \(1\) were written before it\n$/,
    );
  });

  it('keeps the whole message, how far it got included, whatever the bad line quotes', () => {
    const name = uniqueName('badkey');
    const r = run('shm-writer', ['--name', name, '--stdin'], { input: `1\t2\t3\n{"${'A'.repeat(2000)}":1}\n` });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `shm-writer: line 2: unknown field "${'A'.repeat(60)}...": MyData has Col1, Col2, Col3; records 0 to 0 (1) were written before it\n`,
    );
  });

  it('reads a JSON number of any length', () => {
    const name = uniqueName('longnum');
    const L = 'f:float64,i:int64';
    const r = run('shm-writer', ['--name', name, '--layout', L, '--stdin', '-q'], {
      input: `{"f":0.${'0'.repeat(450)}1,"i":${'0'.repeat(500)}7}\n{"f":${'1'.repeat(300)}e-299,"i":-1}\n`,
    });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(run('shm-reader', ['--name', name, '--layout', L, '--all', '--tsv']).stdout).toBe('0\t7\n1.1111111111111112\t-1\n');
  });

  it('ends at a bad line without waiting for its input to end', async () => {
    const name = uniqueName('early');
    const child = spawn(process.execPath, [bin('shm-writer'), '--name', name, '--stdin'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.write('1\t2\t3\nx\n');
    // The input stays open: the writer must end by itself (the bound only keeps a hang from stalling the suite).
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), 20_000);
      child.on('exit', (c) => (clearTimeout(timer), resolve(c)));
    });
    child.stdin.destroy();
    child.kill();
    expect([code, stderr]).toEqual([2, expect.stringContaining('shm-writer: line 2: expected 3 tab-separated values')]);
  });

  it('names the line whose record would lie past the last slot, not a line after the input', () => {
    const name = uniqueName('far');
    const last = Math.floor(Number.MAX_SAFE_INTEGER / 24) - 1;
    const r = run('shm-writer', ['--name', name, '--stdin', '--index', String(last), '--size', '4K'], { input: '1\t1\t1\n2\t2\t2\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^shm-writer: line 2: record index \d+ is out of range/);
    run('shm-writer', ['--name', name, '--unlink', '-q']);
  });

  it('writes records larger than a batch (1 MiB)', () => {
    const name = uniqueName('big');
    const L = 'a:char[1048576],b:int8';
    const r = run('shm-writer', ['--name', name, '--layout', L, '--stdin', '-q'], { input: `x\t1\nyy\t-2\n` });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(run('shm-reader', ['--name', name, '--layout', L, '--all', '--field', 'b']).stdout).toBe('1\n-2\n');
  });
});

describe('--stdin applies the segment options whatever the input', () => {
  it('empty input still creates the segment with --size and --mode, and refuses --exclusive on an existing one', () => {
    const name = uniqueName('empty');
    const created = run('shm-writer', ['--name', name, '--stdin', '--size', '1M', '--mode', '644', '--json'], { input: '' });
    expect([created.status, JSON.parse(created.stdout)]).toEqual([
      0,
      { name: `/${name}`, index: 0, written: 0, size: 1 << 20, created: true },
    ]);
    expect(statSync(shmPath(name)).mode & 0o777).toBe(0o644);
    const again = run('shm-writer', ['--name', name, '--stdin', '--exclusive'], { input: '' });
    expect([again.status, again.stderr]).toEqual([1, expect.stringContaining('file already exists (EEXIST)')]);
  });

  it('empty input with --recreate recreates', () => {
    const name = uniqueName('empty');
    run('shm-writer', ['--name', name, '--size', '64K', '-q']);
    const r = run('shm-writer', ['--name', name, '--stdin', '--recreate', '--json'], { input: '' });
    expect([r.status, JSON.parse(r.stdout)]).toEqual([0, { name: `/${name}`, index: 0, written: 0, size: 0, created: true }]);
  });

  it('a bad first line leaves no segment behind', () => {
    const name = uniqueName('empty');
    expect(run('shm-writer', ['--name', name, '--stdin'], { input: 'x\n' }).status).toBe(2);
    expect(existsSync(shmPath(name))).toBe(false);
  });

  it('a bad first line with --recreate leaves the old segment as it was', () => {
    const name = uniqueName('keep');
    run('shm-writer', ['--name', name, '--index', '2', '-q']);
    const before = snapshot(name);
    expect(run('shm-writer', ['--name', name, '--stdin', '--recreate'], { input: 'garbage line\n' }).status).toBe(2);
    expect(snapshot(name)).toEqual(before);
  });

  it('standard input that is a directory is an error', () => {
    const name = uniqueName('dir');
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin('shm-writer')}" --name ${name} --stdin < /`], { encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([1, 'shm-writer: standard input is a directory, not lines of records\n']);
    expect(existsSync(shmPath(name))).toBe(false);
  });
});

describe('long jobs stop when asked, and never grow without bound', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s stops a bulk write fed as fast as it can read, exit 130, saying how far it got',
    async (signal) => {
      const name = uniqueName('stop');
      const writer = spawnPeer(process.execPath, [bin('shm-writer'), '--name', name, '--stdin']);
      const yes = spawn('yes', ['1\t2\t3'], { stdio: ['ignore', 'pipe', 'ignore'] });
      yes.stdout.pipe(writer.child.stdin);
      await waitFor('records written', () => (existsSync(shmPath(name)) && statSync(shmPath(name)).size > 0) || undefined, [writer]);
      writer.child.kill(signal);
      const { code, stderr } = await writer.done;
      yes.kill();
      expect(code).toBe(130);
      const m = /^shm-writer: interrupted after line (\d+): records 0 to (\d+) \((\d+)\) were written\n$/.exec(stderr);
      expect(m).not.toBeNull();
      expect(statSync(shmPath(name)).size).toBe(Number(m?.[3]) * 24);
    },
  );

  it('refuses a line that never ends, as soon as it is longer than any record takes', () => {
    const name = uniqueName('longline');
    const r = spawnSync('bash', ['-c', `tr '\\0' x < /dev/zero | "${process.execPath}" "${bin('shm-writer')}" --name ${name} --stdin`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^shm-writer: line 1: longer than \d+ bytes, more than any 24-byte MyData record takes as text; nothing was written\n$/,
    );
  });
});

describe('messages stay one printable line', () => {
  it.each([
    ['a field name with an escape sequence', ['--layout', 'a\u001b]0;PWNED\u0007:int8']],
    ['a layout path with a newline', ['--layout', '@/nonexistent\nfile.json']],
    ['a 100 kB bad value', ['--set', `Col1=${'9'.repeat(100_000)}`]],
  ])('%s', (_, args) => {
    const r = run('shm-writer', ['--name', uniqueName('never'), ...args]);
    expect(r.status).toBe(2);
    printableLine(r.stderr);
    expect(r.stderr.length).toBeLessThan(1200);
  });

  it('a layout file that is JSON of the wrong shape, or not JSON, is named in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shm-layout-'));
    const file = join(dir, 'layout.json');
    writeFileSync(file, '{"fields": [\n\u0000');
    const r = run('shm-writer', ['--name', uniqueName('never'), '--layout', `@${file}`]);
    rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(2);
    printableLine(r.stderr);
  });
});

describe('names planted in /dev/shm', () => {
  const planted: Buffer[] = [];
  afterEach(() => planted.splice(0).forEach((p) => rmSync(p, { force: true, recursive: true })));
  const plant = (bytes: Buffer) => {
    const path = Buffer.concat([Buffer.from('/dev/shm/'), bytes]);
    planted.push(path);
    writeFileSync(path, Buffer.alloc(48));
  };

  it('reach a terminal escaped, and JSON escaped as JSON escapes', () => {
    const tag = uniqueName('esc');
    plant(Buffer.from(`${tag}\u001b]0;PWNED\u0007\u009b2J`));
    const human = run('shm-reader', ['--list']);
    expect(human.status).toBe(0);
    expect(human.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(human.stdout).toContain(`/${tag}\\u001b]0;PWNED\\u0007\\u009b2J`);
    const json = (JSON.parse(run('shm-reader', ['--list', '--json']).stdout) as { segments: Array<{ name: string; records: number }> })
      .segments;
    expect(json.find((s) => s.name.startsWith(`/${tag}`))).toMatchObject({ name: `/${tag}\u001b]0;PWNED\u0007\u009b2J`, records: 2 });
  });

  it('that are not UTF-8 are listed, their bad bytes written \\xNN', () => {
    const tag = uniqueName('bytes');
    plant(Buffer.concat([Buffer.from(tag), Buffer.from([0xff, 0xfe])]));
    const json = (JSON.parse(run('shm-reader', ['--list', '--json']).stdout) as { segments: Array<{ name: string }> }).segments;
    expect(json.map((s) => s.name)).toContain(`/${tag}\\xff\\xfe`);
  });

  it.each([
    ['a FIFO', (path: string) => execFileSync('mkfifo', ['-m', '666', path]), 'a FIFO'],
    ['a directory', (path: string) => mkdirSync(path), 'a directory'],
    ['a symbolic link to /etc/passwd', (path: string) => symlinkSync('/etc/passwd', path), 'a symbolic link'],
  ])('%s under a segment name is refused at once, by every tool, and not listed', (_, make, what) => {
    const name = uniqueName('planted');
    const path = shmPath(name);
    make(path);
    planted.push(Buffer.from(path));
    for (const [tool, args] of [
      ['shm-reader', []],
      ['shm-reader', ['--watch']],
      ['shm-reader', ['--info']],
      ['shm-writer', ['--col1', '1']],
      ['shm-writer', ['--recreate']],
      ['shm-writer', ['--recreate', '--stdin']],
    ] as const) {
      const r = spawnSync(process.execPath, [bin(tool), '--name', name, ...args], {
        encoding: 'utf8',
        timeout: 20_000,
        input: '1\t2\t3\n',
      });
      expect([r.status, r.stderr]).toEqual([
        1,
        expect.stringMatching(new RegExp(`^${tool}: ${path} is ${what}, not a shared-memory segment`)),
      ]);
    }
    expect(
      (JSON.parse(run('shm-reader', ['--list', '--json']).stdout) as { segments: Array<{ name: string }> }).segments.map((s) => s.name),
    ).not.toContain(`/${name}`);
    // Still there, as it was, and nothing was left beside it.
    expect(lstatSync(path).isFile()).toBe(false);
    expect(readdirSync('/dev/shm').filter((f) => f.includes(name.slice(0, 32)))).toEqual([name]);
  });
});

describe('--watch', () => {
  it('of a segment shorter than one record is refused at once, as a read is', () => {
    const name = uniqueName('short');
    writeFileSync(shmPath(name), Buffer.alloc(10));
    const r = run('shm-reader', ['--name', name, '--all', '--watch']);
    expect([r.status, r.stderr]).toEqual([
      1,
      `shm-reader: /${name} is 10 bytes, shorter than one 24-byte MyData record; see its size with: ls -l /dev/shm/${name}\n`,
    ]);
  });

  it('ends soon after its reader goes, whatever the interval', () => {
    const name = uniqueName('watch');
    run('shm-writer', ['--name', name, '-q']);
    // The bound only keeps a hang from stalling the suite; an hour-long interval must not matter.
    const r = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${bin('shm-reader')}" --name ${name} --watch --interval 3600000 | head -n 1`],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect([r.status, r.signal]).toEqual([0, null]);
    expect(r.stdout).toMatch(/Col1=100/);
  });
});
