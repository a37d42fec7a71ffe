import { spawnSync } from 'node:child_process';
import { statSync, truncateSync, writeFileSync } from 'node:fs';
import { allocatedBytes, bin, cleanUp, run, shmPath, snapshot, uniqueName } from '../helpers';

afterEach(cleanUp);

const DEMO = { Col1: 100, Col2: 876, Col3: 8021 };

/** Peak RSS in KiB of a command, measured by python3 from outside the process. */
function peakRssKiB(args: string[]): number {
  const py =
    'import resource,subprocess,sys; r=subprocess.run(sys.argv[1:]); assert r.returncode==0; print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)';
  const res = spawnSync('python3', ['-c', py, ...args], { encoding: 'utf8' });
  expect(res.status).toBe(0);
  return Number(res.stdout.trim());
}

describe('the demo, done properly', () => {
  it('writes 100 876 8021 into a 4 GiB segment that occupies a page, and reads it back', () => {
    const name = uniqueName('demo');
    const w = run('shm-writer', ['--name', name, '--size', '4G']);
    expect(w.status).toBe(0);
    expect(w.stderr).toBe('');
    expect(w.stdout).toBe(`/${name}[0]  Col1=100  Col2=876  Col3=8021  (new segment, 4 GiB, mode 600)\n`);
    expect(statSync(shmPath(name)).size).toBe(4294967296);
    expect(allocatedBytes(name)).toBeLessThanOrEqual(8192);
    const r = run('shm-reader', ['--name', name]);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, `/${name}[0]  Col1=100  Col2=876  Col3=8021\n`, '']);
    expect(JSON.parse(run('shm-reader', ['--name', name, '--json']).stdout)).toEqual(DEMO);
  });

  it('peaks at about the same memory for --size 4G as for --size 4K', () => {
    const big = uniqueName('rss');
    const small = uniqueName('rss');
    // V8 in its predictable mode (one thread, a fixed garbage-collection schedule): how much memory
    // a run peaks at then depends on what it does, not on how busy the machine is while it runs.
    const node = [process.execPath, '--predictable', '--predictable-gc-schedule'];
    const rss4G = peakRssKiB([...node, bin('shm-writer'), '--name', big, '--size', '4G', '-q']);
    const rss4K = peakRssKiB([...node, bin('shm-writer'), '--name', small, '--size', '4K', '-q']);
    expect(Math.abs(rss4G - rss4K)).toBeLessThan(4 * 1024);
    expect(allocatedBytes(big)).toBeLessThanOrEqual(8192);
  });

  it('reading every record of a sparse segment does not allocate it', () => {
    const name = uniqueName('sparse');
    expect(run('shm-writer', ['--name', name, '--size', '16M', '--index', '1000', '-q']).status).toBe(0);
    const r = run('shm-reader', ['--name', name, '--all', '--field', 'Col1']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(Math.floor((16 << 20) / 24));
    expect(lines[1000]).toBe('100');
    expect(lines.filter((l) => l !== '0')).toEqual(['100']);
    expect(allocatedBytes(name)).toBeLessThanOrEqual(8192);
  });
});

describe('segment life cycle', () => {
  it('creates a new segment just big enough for the record', () => {
    const name = uniqueName('fit');
    expect(run('shm-writer', ['--name', name, '--index', '2', '-q']).status).toBe(0);
    expect(statSync(shmPath(name)).size).toBe(72);
    expect(run('shm-reader', ['--name', name, '--all', '--field', 'Col2']).stdout).toBe('0\n0\n876\n');
  });

  it('grows an existing segment to fit, keeping its bytes, and never shrinks it implicitly', () => {
    const name = uniqueName('grow');
    run('shm-writer', ['--name', name, '--size', '4K', '--col1', '7']);
    expect(run('shm-writer', ['--name', name, '--index', '200', '--col1', '8']).status).toBe(0);
    expect(statSync(shmPath(name)).size).toBe(201 * 24);
    expect(run('shm-writer', ['--name', name, '--index', '1', '--col1', '9']).status).toBe(0);
    expect(statSync(shmPath(name)).size).toBe(201 * 24);
    const r = run('shm-reader', ['--name', name, '--all', '--field', 'Col1']).stdout.split('\n');
    expect([r[0], r[1], r[200]]).toEqual(['7', '9', '8']);
  });

  it('refuses to shrink without --truncate, leaving every byte; shrinks with it', () => {
    const name = uniqueName('shrink');
    run('shm-writer', ['--name', name, '--size', '8K', '--index', '300']);
    const before = snapshot(name);
    const r = run('shm-writer', ['--name', name, '--size', '4K']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`shm-writer: /${name} is 8192 bytes; --size 4096 would shrink it (add --truncate to allow that)\n`);
    expect(snapshot(name)).toEqual(before);
    expect(run('shm-writer', ['--name', name, '--size', '4K', '--truncate', '-q']).status).toBe(0);
    expect(statSync(shmPath(name)).size).toBe(4096);
  });

  it('--exclusive creates a new segment and fails, changing nothing, on an existing one', () => {
    const name = uniqueName('excl');
    expect(run('shm-writer', ['--name', name, '--exclusive', '-q']).status).toBe(0);
    const before = snapshot(name);
    const r = run('shm-writer', ['--name', name, '--exclusive', '--col1', '1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^shm-writer: shm_open \/\S+: file already exists \(EEXIST\); drop --exclusive/);
    expect(snapshot(name)).toEqual(before);
  });

  it('--recreate replaces the segment with a fresh one, as the demo did', () => {
    const name = uniqueName('recreate');
    run('shm-writer', ['--name', name, '--size', '4K', '--index', '5']);
    const r = run('shm-writer', ['--name', name, '--recreate', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ size: 24, created: true });
  });

  it('--unlink removes the segment and writes nothing', () => {
    const name = uniqueName('unlink');
    run('shm-writer', ['--name', name]);
    const r = run('shm-writer', ['--name', name, '--unlink', '--json']);
    expect([r.status, r.stdout]).toEqual([0, `{"removed":["/${name}"],"failed":[],"dryRun":false}\n`]);
    expect(snapshot(name)).toBeNull();
    expect(run('shm-writer', ['--name', name, '--unlink']).status).toBe(3);
  });

  it.each([
    ['000', [], 0o600],
    ['077', ['--mode', '644'], 0o644],
    ['000', ['--mode', '0640'], 0o640],
  ])('with umask %s and %j a new segment gets mode %o exactly', (umask, flags, mode) => {
    const name = uniqueName('mode');
    const cmd = `umask ${umask}; exec "${process.execPath}" "${bin('shm-writer')}" --name ${name} -q ${flags.join(' ')}`;
    expect(spawnSync('sh', ['-c', cmd]).status).toBe(0);
    expect(snapshot(name)?.mode).toBe(mode);
  });

  it('leaves the mode of an existing segment alone', () => {
    const name = uniqueName('mode');
    run('shm-writer', ['--name', name, '--mode', '640']);
    run('shm-writer', ['--name', name, '--mode', '600', '--col1', '1']);
    expect(snapshot(name)?.mode).toBe(0o640);
  });
});

describe('shm-reader', () => {
  it('prints consecutive records, JSON lines with exact digits, and bare fields', () => {
    const name = uniqueName('read');
    run('shm-writer', ['--name', name, '--index', '0', '--col1', '-9223372036854775808']);
    run('shm-writer', ['--name', name, '--index', '1', '--col2', '9223372036854775807']);
    run('shm-writer', ['--name', name, '--index', '2', '--col3', '9007199254740993']);
    expect(run('shm-reader', ['--name', name, '--all', '--json']).stdout).toBe(
      '{"Col1":-9223372036854775808,"Col2":0,"Col3":0}\n{"Col1":0,"Col2":9223372036854775807,"Col3":0}\n{"Col1":0,"Col2":0,"Col3":9007199254740993}\n',
    );
    expect(run('shm-reader', ['--name', name, '--index', '1', '--count', '2', '--field', 'Col3']).stdout).toBe('0\n9007199254740993\n');
    expect(run('shm-reader', ['--name', name, '--index', '2']).stdout).toBe(`/${name}[2]  Col1=0  Col2=0  Col3=9007199254740993\n`);
  });

  it.each([
    [['--index', '3'], 'record 3 is past the end: /NAME holds 3 whole 24-byte records (0 to 2)'],
    [['--index', '2', '--count', '2'], 'records 2 to 3 go past the end'],
    [['--index', '9007199254740991'], 'record index 9007199254740991 is out of range'],
  ])('refuses %j beyond the end with a clear error, never a crash', (args, message) => {
    const name = uniqueName('end');
    run('shm-writer', ['--name', name, '--index', '2']);
    const r = run('shm-reader', ['--name', name, ...args]);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(message.includes('out of range') ? 2 : 1);
    expect(r.stderr).toContain(message.replace('NAME', name));
    expect(r.stdout).toBe('');
  });

  it('reports a segment shorter than one record, without SIGBUS', () => {
    const name = uniqueName('short');
    run('shm-writer', ['--name', name, '--size', '4G']);
    truncateSync(shmPath(name), 10);
    const r = run('shm-reader', ['--name', name]);
    expect(r.signal).toBeNull();
    expect([r.status, r.stderr]).toEqual([
      1,
      `shm-reader: /${name} is 10 bytes, shorter than one 24-byte MyData record; see its size with: ls -l /dev/shm/${name}\n`,
    ]);
  });

  it('reads a segment whose size is not a multiple of the record, up to the last whole record', () => {
    const name = uniqueName('ragged');
    writeFileSync(shmPath(name), Buffer.alloc(24 * 2 + 5, 0));
    expect(run('shm-reader', ['--name', name, '--all', '--field', 'Col1']).stdout).toBe('0\n0\n');
  });

  it('exits 0 quietly when the pipe it writes to closes', () => {
    const name = uniqueName('pipe');
    run('shm-writer', ['--name', name, '--size', '64M', '-q']);
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin('shm-reader')}" --name ${name} --all | head -n 2`], {
      encoding: 'utf8',
    });
    expect([r.status, r.stderr, r.stdout.split('\n').length]).toEqual([0, '', 3]);
  });

  it('uses colour on a terminal only, and never with --no-color or NO_COLOR', () => {
    const name = uniqueName('tty');
    run('shm-writer', ['--name', name]);
    const onTty = (args: string, env: NodeJS.ProcessEnv = {}) => {
      const cmd = `"${process.execPath}" "${bin('shm-reader')}" --name ${name} ${args}`;
      const env2: NodeJS.ProcessEnv = { ...process.env, ...env, TERM: 'xterm' };
      delete env2.FORCE_COLOR;
      return spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: env2 }).stdout;
    };
    expect(onTty('')).toContain('\u001b[');
    expect(onTty('--no-color')).not.toContain('\u001b[');
    expect(onTty('', { NO_COLOR: '1' })).not.toContain('\u001b[');
    expect(run('shm-reader', ['--name', name], { env: { FORCE_COLOR: undefined } }).stdout).not.toContain('\u001b[');
  });
});
