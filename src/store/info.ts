import { readFileSync, statfsSync } from 'node:fs';
import { MY_DATA, type Layout } from '../model/layout';
import { parseLayoutText } from '../model/layout-spec';
import { shmDirectory, type FileFacts } from '../shm/directory';
import { readLayoutAttribute } from '../shm/layout-attribute';
import { SHM_DIR, statSegment } from '../shm/shm-file';

/** What can be known of a segment without reading it. */
export interface SegmentInfo {
  /** With its leading slash. */
  readonly name: string;
  readonly size: number;
  /** Bytes it really occupies in /dev/shm: pages written (or reserved), not its size. */
  readonly allocated: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** The owner's and group's names, where /etc/passwd and /etc/group have them. */
  readonly user: string | null;
  readonly group: string | null;
  /** Last change of its bytes (mtime) and of its size, mode or owner (ctime). */
  readonly modified: Date;
  readonly changed: Date;
  /** Whole records of the layout asked about. */
  readonly records: number;
  readonly recordSize: number;
  /** The text of the layout stored with it (see {@link withStoredLayouts}), where asked for: null where none is. */
  readonly layout?: string | null;
}

/** The segments with the layout each stores (one `getxattr` each), for the listings that show it. */
export function withStoredLayouts(segments: readonly SegmentInfo[]): SegmentInfo[] {
  return segments.map((s) => ({ ...s, layout: storedText(s.name) }));
}

/** The text of the layout stored with segment `name`, null where none is (or /dev/shm keeps none). */
function storedText(name: string): string | null {
  const read = readLayoutAttribute(name);
  return typeof read === 'object' ? read.text : null;
}

/** Describes the segment `name` (validated, with its slash) for `layout`; ENOENT if it does not exist. */
export function segmentInfo(name: string, layout: Layout): SegmentInfo {
  return describe(name, statSegment(name), layout);
}

/**
 * Every segment in /dev/shm (those `only` accepts, by name with its slash), sorted by name: what
 * shm_open would open, so regular files only, links not followed. lstat needs no permission on the
 * segment, so the ones the user cannot read are listed too. POSIX semaphores (`sem.*`) are not. A
 * name that is not valid UTF-8 is listed with its bad bytes written `\xNN`. Records are counted in
 * `layout`, or, where none is given, in the layout each segment stores (one `getxattr` each; MyData
 * where it stores none, or none this user may read, or text that is not a layout).
 */
export function listSegments(layout?: Layout, only: (name: string) => boolean = () => true): SegmentInfo[] {
  const layouts = new Map<string, Layout>();
  const own = (text: string | null): Layout => {
    if (text === null) return MY_DATA;
    let found = layouts.get(text);
    if (found === undefined) {
      try {
        found = parseLayoutText(text, 'the layout stored');
      } catch {
        found = MY_DATA;
      }
      layouts.set(text, found);
    }
    return found;
  };
  return segmentFiles().flatMap((file) => {
    const name = `/${file.name}`;
    if (!only(name)) return [];
    if (layout !== undefined) return [describe(name, file, layout)];
    const text = storedText(name);
    return [describe(name, file, own(text), text)];
  });
}

/** The files of /dev/shm that are segments, sorted by name: regular files, but POSIX semaphores (`sem.*`). */
export function segmentFiles(): FileFacts[] {
  return shmDirectory()
    .filter((f) => f.isFile && !f.name.startsWith('sem.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function describe(name: string, st: Omit<FileFacts, 'name' | 'isFile'>, layout: Layout, stored?: string | null): SegmentInfo {
  const info: { -readonly [K in keyof SegmentInfo]: SegmentInfo[K] } = {
    name,
    size: st.size,
    allocated: st.blocks * 512,
    mode: st.mode & 0o7777,
    uid: st.uid,
    gid: st.gid,
    user: nameOf('/etc/passwd', st.uid),
    group: nameOf('/etc/group', st.gid),
    modified: new Date(st.mtimeMs),
    changed: new Date(st.ctimeMs),
    records: Math.floor(st.size / layout.size),
    recordSize: layout.size,
  };
  if (stored !== undefined) info.layout = stored;
  return info;
}

/** What the file system of /dev/shm holds, in bytes: its size, what is used, and what is free to a writer. */
export interface ShmSpace {
  readonly path: string;
  readonly size: number;
  readonly used: number;
  readonly free: number;
}

/** The size, use and room of /dev/shm (statfs): a container's is often only 64 MiB. */
export function shmSpace(): ShmSpace {
  const { bsize, blocks, bfree, bavail } = statfsSync(SHM_DIR);
  return { path: SHM_DIR, size: blocks * bsize, used: (blocks - bfree) * bsize, free: bavail * bsize };
}

const databases = new Map<string, Map<number, string>>();

/** A user or group name from /etc/passwd or /etc/group (`name:x:id:...`), read once. */
function nameOf(file: string, id: number): string | null {
  let names = databases.get(file);
  if (names === undefined) {
    names = new Map();
    try {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const [name, , num] = line.split(':');
        if (name && num !== undefined && !names.has(Number(num))) names.set(Number(num), name);
      }
    } catch {
      // No such database here: ids only.
    }
    databases.set(file, names);
  }
  return names.get(id) ?? null;
}
