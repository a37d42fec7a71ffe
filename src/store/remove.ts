import { lstatSync, statSync, unlinkSync } from 'node:fs';
import { ShmError, quote } from '../model/errors';
import { isNamePattern, namePattern, parseName } from '../model/limits';
import type { FileFacts } from '../shm/directory';
import { Segment } from '../shm/segment';
import { SHM_DIR, shmFile, shmFileBytes, withOwnership } from '../shm/shm-file';
import { segmentFiles } from './info';

/** What {@link removeSegments} did, or would do. */
export interface Removal {
  /** The segments removed (or, in a dry run, that would be), with their slash, in the order found. */
  readonly removed: readonly string[];
  /** Each name that could not be removed, or pattern that matched nothing, with why. */
  readonly failed: ReadonlyArray<{ readonly name: string; readonly error: ShmError }>;
}

/** How {@link removeSegments} reads its targets and what it does. */
export interface RemoveOptions {
  /** Say what would be removed, and what would fail, without removing anything. */
  readonly dryRun?: boolean;
  /** Every target is a name, even with `*`, `?` or `[` in it. */
  readonly literal?: boolean;
}

/**
 * Removes segments, as `ipcrm` does: each target a name (`my_shm`) or a shell pattern matched
 * against the segments in /dev/shm (`'job-*'`, never against files elsewhere; a leading `.` only
 * by a pattern that starts with one; a target that is also the exact name of a segment is that
 * segment). Every target is checked first (a bad one is a usage error, and nothing is removed);
 * then one that fails does not stop the others.
 */
export function removeSegments(targets: readonly string[], options: RemoveOptions = {}): Removal {
  const checked = targets.map((t) => ({
    text: t,
    name: parseName(t),
    pattern: !options.literal && isNamePattern(t) ? namePattern(t) : null,
  }));
  const removed: string[] = [];
  const failed: Array<{ name: string; error: ShmError }> = [];
  const tried = new Set<string>();
  let segments: FileFacts[] | undefined;
  const remove = (name: string, bytes?: Buffer) => {
    if (tried.has(name)) return;
    tried.add(name);
    try {
      if (options.dryRun) mayRemove(name, bytes);
      else if (bytes !== undefined) unlinkSync(shmFileBytes(bytes));
      else Segment.unlink(name);
      removed.push(name);
    } catch (err) {
      const error = err instanceof ShmError ? err : ShmError.fromNode(err, 'shm_unlink', name);
      failed.push({ name, error });
    }
  };
  for (const { text, name, pattern } of checked) {
    segments ??= pattern === null ? undefined : segmentFiles();
    if (pattern === null || segments === undefined || segments.some((s) => `/${s.name}` === name)) {
      remove(name);
      continue;
    }
    const matches = segments.filter((s) => pattern.test(s.name));
    if (matches.length === 0)
      failed.push({ name: text, error: new ShmError('ENOENT', `no segment matches ${quote(text)}`, { reason: 'no-match' }) });
    for (const match of matches) remove(`/${match.name}`, match.bytes);
  }
  return { removed, failed };
}

const EACCES = 13;

/** Throws what unlinking `name` would: ENOENT if it is not there, EACCES where /dev/shm's sticky bit keeps another user's file. */
function mayRemove(name: string, bytes?: Buffer): void {
  const path = bytes === undefined ? shmFile(name) : shmFileBytes(bytes);
  let owner: number;
  try {
    owner = lstatSync(path).uid;
  } catch (err) {
    throw ShmError.fromNode(err, 'shm_unlink', name);
  }
  const me = process.geteuid?.() ?? 0;
  if (me !== 0 && me !== owner && me !== statSync(SHM_DIR).uid) throw withOwnership(ShmError.fromErrno(EACCES, 'shm_unlink', name), name);
}
