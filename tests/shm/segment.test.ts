import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { ShmError } from '../../src/model/errors';
import { Segment } from '../../src/shm/segment';
import { shmFile, SHM_DIR } from '../../src/shm/shm-file';
import { cleanUp, shmPath, uniqueName } from '../helpers';

afterEach(cleanUp);

const open = (name: string, create: 'never' | 'if-missing' | 'exclusive' | 'recreate', mode?: number) =>
  Segment.open(`/${name}`, { access: 'write', create, mode });

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ShmError);
    return (err as ShmError).code;
  }
  throw new Error('expected a ShmError');
}

describe('Segment', () => {
  it('names its file under /dev/shm', () => {
    expect([SHM_DIR, shmFile('/x')]).toEqual(['/dev/shm', '/dev/shm/x']);
  });

  it.each([
    ['never', false, 'ENOENT'],
    ['if-missing', true, null],
    ['exclusive', true, null],
    ['recreate', true, null],
  ] as const)('create %s on a missing name: created %s, error %s', (create, created, error) => {
    const name = uniqueName('seg');
    if (error !== null) return expect(code(() => open(name, create))).toBe(error);
    const seg = open(name, create, 0o640);
    seg.publish();
    expect([seg.created, seg.writable, statSync(shmPath(name)).mode & 0o777]).toEqual([created, true, 0o640]);
    seg.close();
  });

  it('recreate builds aside: the old segment stays until publish, and a close before it leaves nothing', () => {
    const name = uniqueName('seg');
    const old = open(name, 'exclusive');
    old.write(0, Uint8Array.of(7));
    old.close();
    const files = () =>
      readdirSync(SHM_DIR)
        .filter((f) => f.includes(name))
        .sort();
    const fresh = open(name, 'recreate');
    fresh.write(0, Uint8Array.of(8));
    expect(files()).toEqual([expect.stringMatching(new RegExp(`^\\.${name.slice(0, 32)}\\.recreate-${process.pid}-[0-9a-f]{12}$`)), name]);
    expect([...readFileSync(shmPath(name))]).toEqual([7]);
    fresh.publish();
    expect(files()).toEqual([name]);
    expect([...readFileSync(shmPath(name))]).toEqual([8]);
    fresh.close();
    open(name, 'recreate').close();
    expect(files()).toEqual([name]);
    expect([...readFileSync(shmPath(name))]).toEqual([8]);
  });

  it.each([
    ['never', false],
    ['if-missing', false],
    ['recreate', true],
  ] as const)('create %s on an existing name: created %s', (create, created) => {
    const name = uniqueName('seg');
    open(name, 'exclusive').close();
    const seg = open(name, create);
    expect(seg.created).toBe(created);
    seg.close();
    expect(code(() => open(name, 'exclusive'))).toBe('EEXIST');
  });

  it('reserves, resizes, writes and reads back, holes as zeros without allocating them', () => {
    const name = uniqueName('seg');
    const seg = open(name, 'exclusive');
    seg.resize(1 << 24);
    seg.reserve(8192, 16);
    seg.update(8192, 16, (bytes) => bytes.set([1, 2, 3, 4]));
    expect(seg.status()).toEqual({ size: 1 << 24, removed: false });
    const into = new Uint8Array(8200).fill(9);
    const copy = seg.read(4, 8200, into);
    expect([...copy.subarray(8188, 8192)]).toEqual([1, 2, 3, 4]);
    expect(copy.subarray(0, 8188).every((b) => b === 0)).toBe(true);
    expect(seg.read(1 << 23, 1 << 20).every((b) => b === 0)).toBe(true);
    expect(statSync(shmPath(name)).blocks * 512).toBeLessThanOrEqual(8192);
    seg.close();
  });

  it('discard removes the name only while it is still this segment', () => {
    const name = uniqueName('seg');
    const first = open(name, 'exclusive');
    Segment.unlink(`/${name}`);
    const second = open(name, 'exclusive');
    first.discard();
    expect(existsSync(shmPath(name))).toBe(true);
    second.discard();
    expect(existsSync(shmPath(name))).toBe(false);
    expect(() => second.discard()).not.toThrow();
  });

  it('update writes back what changed, and reads past the end as zeros without faulting', () => {
    const name = uniqueName('seg');
    const seg = open(name, 'exclusive');
    seg.write(0, Uint8Array.of(1, 2, 3, 4));
    expect(seg.update(2, 6, (bytes) => [...bytes])).toEqual([3, 4, 0, 0, 0, 0]);
    seg.update(1, 2, (bytes) => bytes.set([9, 9]));
    expect([...seg.read(0, 8)]).toEqual([1, 9, 9, 4]);
    seg.close();
  });

  it('a read-only segment refuses to be written', () => {
    const name = uniqueName('seg');
    open(name, 'exclusive').close();
    const seg = Segment.open(`/${name}`, { access: 'read' });
    expect(code(() => seg.update(0, 1, () => undefined))).toBe('EBADF');
    seg.close();
  });

  it('locks: a shared lock keeps out an exclusive one, not another shared one', () => {
    const name = uniqueName('seg');
    const a = open(name, 'exclusive');
    const b = open(name, 'never');
    a.lock('shared');
    expect(b.tryLock('shared')).toBe(true);
    b.lock('unlock');
    expect(b.tryLock('exclusive')).toBe(false);
    a.lock('unlock');
    expect(b.tryLock('exclusive')).toBe(true);
    a.close();
    b.close();
  });

  it('knows when its name was removed, and discard removes a name it made', () => {
    const name = uniqueName('seg');
    const seg = open(name, 'exclusive');
    Segment.unlink(`/${name}`);
    expect(seg.status().removed).toBe(true);
    expect(seg.removedError('written').code).toBe('ENOENT');
    seg.close();
    const again = open(name, 'exclusive');
    again.discard();
    expect(existsSync(shmPath(name))).toBe(false);
    expect(() => Segment.unlink(`/${name}`, { missingOk: true })).not.toThrow();
    expect(code(() => Segment.unlink(`/${name}`))).toBe('ENOENT');
  });
});
