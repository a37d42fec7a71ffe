import { ShmError } from '../model/errors';
import type { Segment } from '../shm/segment';

/** How {@link writeLocked} treats the segment's size. */
export interface RoomPlan {
  /** Size to give the segment: never below the write's end; below its current size only with `truncate`. */
  readonly size?: number;
  readonly truncate?: boolean;
  /** This process created the segment for this write: if it is still empty and the write fails, remove it. */
  readonly fresh?: boolean;
}

/**
 * The one way every writer writes, under its exclusive lock: reserves the pages of
 * [offset, offset + length) (so a full /dev/shm fails before any size changes), sizes the segment
 * by `plan`, then runs `write`, which writes the bytes, and puts a recreated segment in place of
 * the old one (`Segment.publish`). A failure undoes it all. Returns null, changing
 * nothing, when the segment's name was removed while the caller waited for the lock.
 */
export function writeLocked<T>(
  seg: Segment,
  offset: number,
  length: number,
  plan: RoomPlan,
  write: () => T,
): { size: number; result: T } | null {
  const { size: before, removed } = seg.status();
  if (removed) return null;
  const { size, truncate = false } = plan;
  try {
    if (size !== undefined && size < before && !truncate) {
      throw ShmError.usage(`${seg.name} is ${before} bytes; a size of ${size} would shrink it, which was not allowed`, {
        segment: seg.name,
        reason: 'would-shrink',
        size,
        current: before,
      });
    }
    if (length > 0) seg.reserve(offset, length); // extends the segment to offset + length if it was shorter
    const reached = Math.max(before, offset + length);
    const target = size === undefined ? reached : Math.max(size, offset + length);
    if (target !== reached) seg.resize(target);
    const result = write();
    seg.publish();
    return { size: target, result };
  } catch (err) {
    undo(seg, before, plan.fresh === true && before === 0);
    throw err;
  }
}

/** Undoes a failed write: removes a fresh, still empty segment, else gives the segment back its size. */
function undo(seg: Segment, before: number, fresh: boolean): void {
  try {
    if (fresh) seg.discard();
    else if (seg.size() !== before) seg.resize(before);
  } catch {
    // The original error is the one to report.
  }
}
