import { spawnSync } from 'node:child_process';
import { layout, lockedLayout, Segment, segmentLayout, ShmError } from '../../src/index';
import { foreign, stored } from '../attribute';
import { BatchReader } from '../../src/store/read';
import { cleanUp, run, shmPath, uniqueName } from '../helpers';

// The layout a read or a write uses is the one of the segment it has open, read from its
// descriptor: a segment put under the name meanwhile (as --recreate does, by rename) is not mixed
// up with it. The oracle for what is stored is Python's os.getxattr.
afterEach(cleanUp);

/** Puts a new segment of `size` bytes that stores `text` under the name, by rename, as --recreate does. */
function replace(name: string, size: number, text: string): void {
  const aside = uniqueName('aside');
  foreign(aside, size, text);
  expect(spawnSync('mv', [shmPath(aside), shmPath(name)]).status).toBe(0);
}

describe('the layout of the segment open', () => {
  it('is read from its descriptor, not from whatever is under its name now', () => {
    const name = uniqueName('fd-layout');
    foreign(name, 8, 'a:int64');
    const seg = Segment.open(`/${name}`, { access: 'read' });
    try {
      replace(name, 8, 'b:int32,c:int32');
      expect(segmentLayout(name, undefined, { segment: seg }).stored).toMatchObject({ fields: [{ name: 'a' }] });
      expect(segmentLayout(name).stored).toMatchObject({ fields: [{ name: 'b' }, { name: 'c' }] });
    } finally {
      seg.close();
    }
  });

  it('is what a write checks under its lock: another one refuses it, relayout stores it', () => {
    const name = uniqueName('fd-layout');
    foreign(name, 8, 'a:int64');
    const seg = Segment.open(`/${name}`, { access: 'write' });
    try {
      seg.lock('exclusive');
      let caught: unknown;
      try {
        lockedLayout(seg, layout({ b: 'int8' }), { given: true, relayout: false });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ShmError);
      expect((caught as ShmError).details.reason).toBe('other-layout');
      expect(lockedLayout(seg, layout({ b: 'int8' }), { given: true, relayout: true })()).toBe('stored');
      expect(stored(name)).toBe('b:int8');
    } finally {
      seg.close();
    }
  });

  it('removes the layout it replaces when the new one is too large to store, so that none describes the bytes wrongly', () => {
    const name = uniqueName('fd-layout');
    foreign(name, 8, 'a:int64');
    const big = layout(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}_${'x'.repeat(2000)}`, 'int8' as const])));
    const seg = Segment.open(`/${name}`, { access: 'write' });
    try {
      seg.lock('exclusive');
      expect(lockedLayout(seg, big, { given: true, relayout: true })()).toBe('too-large');
      expect(stored(name)).toBeNull();
    } finally {
      seg.close();
    }
  });
});

describe('a segment replaced under its name', () => {
  it('is said to be replaced, not removed, to one that has the old one open', () => {
    const name = uniqueName('fd-layout');
    foreign(name, 8);
    const seg = Segment.open(`/${name}`, { access: 'read' });
    try {
      replace(name, 8, 'a:int64');
      expect(seg.removedError('watched').message).toBe(`/${name} was replaced while being watched`);
    } finally {
      seg.close();
    }
  });
});

describe('two processes at one segment', () => {
  it('a writer that created a segment another described and wrote before it took the lock is refused, and changes nothing', () => {
    const name = uniqueName('race');
    const creator = Segment.open(`/${name}`, { access: 'write', create: 'exclusive' });
    try {
      // The other writer comes between the create and the lock: it finds no layout, so stores its own.
      expect(run('shm-writer', [name, '--layout', 'b:int8', '--set', 'b=2', '-q']).status).toBe(0);
      creator.lock('exclusive');
      expect(() => lockedLayout(creator, layout({ a: 'int64' }), { given: true, relayout: false })).toThrow(
        `/${name} is described as b:int8, not a:int64`,
      );
    } finally {
      creator.close();
    }
    expect(stored(name)).toBe('b:int8');
    expect(run('shm-reader', [name, '--tsv']).stdout).toBe('2\n');
  });

  it('a read whose segment is described anew between its open and a batch ends with EAGAIN, never with values of the other layout', async () => {
    const name = uniqueName('race');
    foreign(name, 16, 'a:int64');
    const writer = Segment.open(`/${name}`, { access: 'write' });
    try {
      writer.lock('exclusive');
      const reader = BatchReader.open({ name: `/${name}`, count: 'all' });
      try {
        expect(reader.layout.fields.map((f) => f.name)).toEqual(['a']);
        lockedLayout(writer, layout({ b: 'int32', c: 'int32' }), { given: true, relayout: true })();
        writer.lock('unlock');
        await expect(reader.copyAsync(0)).rejects.toMatchObject({
          code: 'EAGAIN',
          message: `/${name} was described anew while being read: run again`,
        });
      } finally {
        reader.seg.close();
      }
    } finally {
      writer.close();
    }
  });
});
