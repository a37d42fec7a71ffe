import { spawn, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { MY_DATA, readRecords, Segment } from '../../src/index';
import { cleanUp, ROOT, run, shmPath, snapshot, uniqueName } from '../helpers';

afterEach(cleanUp);

const isRoot = process.getuid?.() === 0;
/** Tests that need root (CI runs as root): a private mount namespace, another user. */
const asRoot = isRoot ? it : it.skip;
const bin = (tool: string) => join(ROOT, 'bin', `${tool}.js`);
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];
const asNobody = (tool: string, args: string[]) =>
  spawnSync('setpriv', [...NOBODY, process.execPath, bin(tool), ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });

describe('a full /dev/shm', () => {
  // In a private mount namespace, a 64 KiB tmpfs over /dev/shm: 16 pages for everything.
  const script = `
    set -u
    mount -t tmpfs -o size=64k tmpfs /dev/shm || exit 99
    w() { "${process.execPath}" "${bin('shm-writer')}" "$@"; }
    w --name full --size 1M -q
    for page in $(seq 1 40); do
      w --name full --index $((page * 4096 / 24 + 1)) --col1 $page -q 2>/dev/null; rc=$?
      if [ $rc -ne 0 ]; then echo "first-failure $rc $page"; break; fi
    done
    sum() { echo "$1 $(stat -c %s /dev/shm/$1) $(sha256sum < /dev/shm/$1 | cut -c1-64)"; }
    sum full
    w --name full --index $((39 * 4096 / 24)) --col1 1; echo "again $?"
    w --name full --index 100000 --col1 1 2>/dev/null; echo "grow $?"
    sum full
    w --name fresh --size 4K 2>/dev/null; echo "fresh $? $(ls /dev/shm | tr '\\n' ' ')"
    w --name full --unlink -q
    tsv() { seq "$@" | awk '{ print $1 "\\t" $1 "\\t" $1 }'; }
    (tsv 1 1000; sleep 0.2; tsv 1001 5000) | w --name bulk --stdin; echo "bulk $? $(stat -c %s /dev/shm/bulk)"
  `;

  asRoot('reports ENOSPC with exit 5 instead of dying of SIGBUS, and changes nothing', () => {
    const r = spawnSync('unshare', ['-m', 'bash', '-c', script], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n').map((l) => l.trim());
    const [, failCode, page] = lines[0].split(' ');
    expect(failCode).toBe('5');
    expect(Number(page)).toBeGreaterThan(8);
    expect(Number(page)).toBeLessThan(17);
    const sums = lines.filter((l) => l.startsWith('full '));
    expect(sums).toHaveLength(2);
    expect(sums[1]).toBe(sums[0]);
    expect(sums[0].split(' ')[1]).toBe('1048576');
    expect(lines).toContain('again 5');
    expect(lines).toContain('grow 5');
    expect(lines).toContain('fresh 5 full'); // nothing but the first segment in /dev/shm
    // A bulk write stops at the batch that does not fit, with what it wrote before it intact.
    const bulk = /shm-writer: posix_fallocate \/bulk: no space left on device \(ENOSPC\); records 0 to (\d+) \(\d+\) were written before it/.exec(r.stderr);
    expect(bulk).not.toBeNull();
    expect(bulk?.[1]).toBe('999'); // the first 1,000 arrived, and were written, before the pause
    expect(lines).toContain('bulk 5 24000');
    expect(r.stderr).toMatch(/^shm-writer: posix_fallocate \/full: no space left on device \(ENOSPC\); \/dev\/shm is full/);
  });
});

describe('a segment cut short by another program', () => {
  it('is reported by the reader, exit 1, no SIGBUS, and grown back by the writer', () => {
    const name = uniqueName('cut');
    run('shm-writer', ['--name', name, '--size', '1M', '--index', '100']);
    expect(spawnSync('truncate', ['-s', '10', shmPath(name)]).status).toBe(0);
    const r = run('shm-reader', ['--name', name, '--index', '100']);
    expect([r.signal, r.status]).toEqual([null, 1]);
    expect(r.stderr).toContain(`/${name} is 10 bytes, shorter than one 24-byte MyData record`);
    expect(run('shm-writer', ['--name', name, '--index', '1', '-q']).status).toBe(0);
    expect(statSync(shmPath(name)).size).toBe(48);
  });
});

describe('permissions', () => {
  asRoot("refuses another user a 600 segment with exit 4, naming the segment and its mode", () => {
    const name = uniqueName('perm');
    run('shm-writer', ['--name', name, '--size', '4K']);
    const before = snapshot(name);
    for (const tool of ['shm-reader', 'shm-writer']) {
      const r = asNobody(tool, ['--name', name]);
      expect(r.status).toBe(4);
      expect(r.stderr).toMatch(new RegExp(`^${tool}: shm_open /${name}: permission denied \\(EACCES\\): /dev/shm/${name} is mode 600, owner uid 0, group gid 0, and you are uid 65534; `));
    }
    expect(snapshot(name)).toEqual(before);
  });

  asRoot('with --mode 644 lets another user read and not write', () => {
    const name = uniqueName('perm');
    run('shm-writer', ['--name', name, '--mode', '644', '--col2', '42']);
    const before = snapshot(name);
    const r = asNobody('shm-reader', ['--name', name, '--field', 'Col2']);
    expect([r.status, r.stdout]).toEqual([0, '42\n']);
    const w = asNobody('shm-writer', ['--name', name, '--col2', '43']);
    expect(w.status).toBe(4);
    expect(w.stderr).toContain('is mode 644');
    expect(snapshot(name)).toEqual(before);
  });
});

describe('a segment removed while in use', () => {
  it('keeps working for a reader that has it open', () => {
    const name = uniqueName('gone');
    run('shm-writer', ['--name', name, '--size', '64K', '--index', '2', '--col3', '33']);
    const batches = readRecords({ name: `/${name}`, layout: MY_DATA, index: 2 });
    expect(run('shm-writer', ['--name', name, '--unlink']).status).toBe(0);
    expect(snapshot(name)).toBeNull();
    expect([...batches][0].records[0]).toEqual({ Col1: 100n, Col2: 876n, Col3: 33n });
  });

  it('keeps its bytes for a segment handle that maps it after the unlink', () => {
    const name = uniqueName('gone');
    run('shm-writer', ['--name', name, '--size', '4K', '--col1', '5']);
    const seg = Segment.open(`/${name}`, { access: 'read' });
    try {
      Segment.unlink(`/${name}`);
      expect(Buffer.from(seg.read(0, 8)).readBigInt64LE(0)).toBe(5n);
    } finally {
      seg.close();
    }
  });
});

describe('a writer killed with SIGKILL', () => {
  it('never leaves the segment smaller, or other records changed', async () => {
    const name = uniqueName('kill');
    const records = 2000;
    run('shm-writer', ['--name', name, '--size', `${records * 24}`, '-q']);
    const bytesOf = () => Buffer.from(spawnSync('cat', [shmPath(name)], { encoding: 'buffer' }).stdout);
    let image = bytesOf();
    for (let round = 0; round < 25; round++) {
      const index = Math.floor(Math.random() * (records + 200)); // some past the end: growth
      const child = spawn(process.execPath, [bin('shm-writer'), '--name', name, '--index', `${index}`, '--col1', `${round}`, '--col2', `${-round}`, '--col3', `${round * 7}`, '-q']);
      const done = new Promise((resolve) => child.on('exit', resolve));
      setTimeout(() => child.kill('SIGKILL'), Math.random() * 120);
      await done;
      const after = bytesOf();
      expect(after.length).toBeGreaterThanOrEqual(image.length);
      const start = index * 24;
      // The old bytes, less the record being written: whatever growth added lies past them.
      const end = image.length;
      const outside = (b: Buffer) => Buffer.concat([b.subarray(0, Math.min(start, end)), b.subarray(Math.min(start + 24, end), end)]);
      expect(outside(after).equals(outside(image))).toBe(true);
      image = after;
    }
  }, 60000);
});

describe('--recreate against a squatter', () => {
  asRoot('never writes into a segment another user slipped in between the unlink and the create', async () => {
    const name = uniqueName('squat');
    const path = shmPath(name);
    // Another user re-creates the name (mode 666) whenever it is free, as fast as it can, for 4 s.
    const squat = `const fs = require('fs'); const end = Date.now() + 4000; let n = 0;
      while (Date.now() < end) { try { fs.closeSync(fs.openSync(${JSON.stringify(path)}, 'wx', 0o666)); n++; } catch {} }
      console.log(n);`;
    const squatter = spawn('setpriv', [...NOBODY, process.execPath, '-e', squat], { stdio: ['ignore', 'pipe', 'inherit'] });
    let squats = '';
    squatter.stdout.on('data', (d) => (squats += d));
    const squatterDone = new Promise((resolve) => squatter.on('exit', resolve));
    const outcomes = { ours: 0, refused: 0 };
    for (let i = 0; i < 30; i++) {
      const r = run('shm-writer', ['--name', name, '--recreate', '--col1', `${i}`, '-q']);
      if (r.status === 0) {
        outcomes.ours++;
        const st = statSync(path);
        expect([st.uid, st.mode & 0o777]).toEqual([0, 0o600]);
      } else {
        outcomes.refused++;
        expect([r.status, r.stderr]).toEqual([1, expect.stringContaining('file already exists (EEXIST)')]);
        expect(statSync(path).uid).toBe(65534);
      }
    }
    await squatterDone;
    expect(Number(squats)).toBeGreaterThan(0);
    expect(outcomes.ours + outcomes.refused).toBe(30);
  }, 60000);
});
