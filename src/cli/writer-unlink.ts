import { ShmError } from '../model/errors';
import { removeSegments } from '../store/remove';
import { toJson } from '../text/json';
import { EXIT, exitCodeFor } from './exit-codes';
import type { Io } from './io';
import { errorLine } from './messages';
import { safe } from './render';
import type { Style } from './style';

/** What `shm-writer --unlink` was asked: the names and patterns, and how to answer. */
export interface UnlinkRequest {
  readonly targets: readonly string[];
  readonly dryRun: boolean;
  /** The targets are names, never patterns (given with --name). */
  readonly literal: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly debug: boolean;
}

/**
 * `--unlink NAME|PATTERN...`: removes each segment named or matched, goes on past one that fails,
 * and says what it removed (or, with `--dry-run`, would remove) and what it could not. The exit code
 * is the first failure's, 0 when none failed.
 */
export function unlinkSegments(request: UnlinkRequest, io: Io, style: Style): number {
  const { removed, failed } = removeSegments(request.targets, { dryRun: request.dryRun, literal: request.literal });
  if (request.json) {
    const failures = failed.map(({ name, error }) => ({ name, code: error.code, message: error.message }));
    io.out(`${toJson({ removed, failed: failures, dryRun: request.dryRun })}\n`);
  } else if (!request.quiet) {
    const verb = request.dryRun ? 'would remove' : 'removed';
    io.out(removed.map((name) => `${verb} ${style.name(safe(name))}\n`).join(''));
  }
  for (const { error } of failed) io.err(`${errorLine('shm-writer', error, 'remove')}\n${request.debug ? `${error.stack}\n` : ''}`);
  return failed.length === 0 ? EXIT.OK : exitCodeFor(failed[0].error);
}

/** `--dry-run` only says what `--unlink` would do. */
export function checkDryRun(dryRun: boolean, unlink: boolean): void {
  if (dryRun && !unlink) throw ShmError.usage('--dry-run is for --unlink: it says what would be removed');
}
