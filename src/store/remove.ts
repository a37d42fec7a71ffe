import { ShmError, quote } from '../model/errors';
import { isNamePattern, namePattern, parseName } from '../model/limits';
import { shmDirectory } from '../shm/directory';
import { Segment, statSegment } from '../shm/segment';

/** What {@link removeSegments} did, or would do. */
export interface Removal {
  /** The segments removed (or, in a dry run, that would be), with their slash, in the order found. */
  readonly removed: readonly string[];
  /** Each name that could not be removed, or pattern that matched nothing, with why. */
  readonly failed: ReadonlyArray<{ readonly name: string; readonly error: ShmError }>;
}

/**
 * Removes segments, as `ipcrm` does: each target a name (`my_shm`) or a shell pattern matched
 * against the segments in /dev/shm (`'job-*'`, never against files elsewhere). Every target is
 * checked first (a bad one is a usage error, and nothing is removed); then one that fails does not
 * stop the others. With `dryRun`, nothing is removed: the result says what would be.
 */
export function removeSegments(targets: readonly string[], options: { readonly dryRun?: boolean } = {}): Removal {
  const checked = targets.map((t) => (isNamePattern(t) ? { text: t, pattern: namePattern(t) } : { text: parseName(t), pattern: null }));
  const removed: string[] = [];
  const failed: Array<{ name: string; error: ShmError }> = [];
  let segments: string[] | undefined;
  const remove = (name: string) => {
    if (removed.includes(name)) return;
    try {
      if (options.dryRun) statSegment(name);
      else Segment.unlink(name);
      removed.push(name);
    } catch (err) {
      if (!(err instanceof ShmError)) throw err;
      failed.push({ name, error: err });
    }
  };
  for (const target of checked) {
    if (target.pattern === null) {
      remove(target.text);
      continue;
    }
    segments ??= shmDirectory()
      .filter((f) => f.isFile && !f.name.startsWith('sem.'))
      .map((f) => f.name)
      .sort();
    const { pattern } = target;
    const matches = segments.filter((s) => pattern.test(s));
    if (matches.length === 0)
      failed.push({ name: target.text, error: new ShmError('ENOENT', `no segment matches ${quote(target.text)}`, { reason: 'no-match' }) });
    for (const match of matches) remove(`/${match}`);
  }
  return { removed, failed };
}
