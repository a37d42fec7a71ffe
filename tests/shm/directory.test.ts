import { chmodSync, lstatSync, mkdirSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { shmDirectory, type FileFacts } from '../../src/shm/directory';
import { cleanUp, shmPath, uniqueName } from '../helpers';

afterEach(cleanUp);

/** The same facts from Node's own lstat: the oracle. */
function lstatFacts(path: string | Buffer, name: string): FileFacts {
  const st = lstatSync(path);
  const { size, blocks, uid, gid, mtimeMs, ctimeMs } = st;
  return { name, isFile: st.isFile(), size, blocks, mode: st.mode & 0o7777, uid, gid, mtimeMs, ctimeMs };
}

describe('shmDirectory', () => {
  it('says of each kind of entry what lstat says, links not followed', () => {
    const [file, old, big, dir, link, odd] = ['file', 'old', 'big', 'dir', 'link', 'odd'].map((l) => uniqueName(l));
    writeFileSync(shmPath(file), 'x'.repeat(5000));
    chmodSync(shmPath(file), 0o4640);
    // Times past 2^31 seconds and before 1970: both halves of statx's 64-bit seconds.
    utimesSync(shmPath(file), new Date(0), new Date('2038-01-19T03:14:08.5Z'));
    writeFileSync(shmPath(old), '');
    utimesSync(shmPath(old), new Date(0), new Date('1969-07-20T20:17:40.123Z'));
    // A sparse 16 TiB file: a size past 2^32 whose blocks stay few.
    writeFileSync(shmPath(big), '');
    truncateSync(shmPath(big), 2 ** 44);
    mkdirSync(shmPath(dir));
    symlinkSync(shmPath(file), shmPath(link));
    // Not valid UTF-8: a byte 0xff in the name.
    const oddPath = Buffer.concat([Buffer.from(shmPath(odd)), Buffer.from([0xff])]);
    writeFileSync(oddPath, 'y');
    try {
      const listed = new Map(shmDirectory().map((f) => [f.name, f]));
      for (const name of [file, old, big, dir, link]) expect(listed.get(name)).toEqual(lstatFacts(shmPath(name), name));
      expect(listed.get(`${odd}\\xff`)).toEqual({ ...lstatFacts(oddPath, `${odd}\\xff`), bytes: Buffer.from(`${odd}\xff`, 'latin1') });
      expect(listed.get(file)).toMatchObject({ isFile: true, mode: 0o4640, size: 5000, mtimeMs: Date.parse('2038-01-19T03:14:08.5Z') });
      expect(listed.get(old)?.mtimeMs).toBe(Date.parse('1969-07-20T20:17:40.123Z'));
      expect(listed.get(big)).toMatchObject({ size: 2 ** 44 });
      expect(listed.get(link)?.isFile).toBe(false);
    } finally {
      rmSync(oddPath, { force: true });
    }
  });
});
