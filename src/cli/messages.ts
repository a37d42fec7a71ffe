import { escapeControls, oneLine, ShmError } from '../model/errors';
import { shmFile } from '../shm/shm-file';
import { writtenSummary } from '../store/bulk';
import { octalMode } from './render';

/** The error's message in the tools' words: flags named where the library speaks of options, who may use a segment. */
function messageOf(err: ShmError): string {
  const { reason, segment, size, current, index, needed, written, owner } = err.details;
  if (owner !== undefined && segment !== undefined) {
    const who = `${shmFile(segment)} is mode ${octalMode(owner.mode)}, owner uid ${owner.uid}, group gid ${owner.gid}`;
    return `${err.message}: ${who}${owner.caller === undefined ? '' : `, and you are uid ${owner.caller}`}`;
  }
  let head: string;
  switch (reason) {
    case 'would-shrink':
      head = `${segment} is ${current} bytes; --size ${size} would shrink it (add --truncate to allow that)`;
      break;
    case 'size-too-small':
      head = `--size ${size} is too small: record ${index} ends at byte ${needed}`;
      break;
    case 'ambiguous-line':
    case 'no-match':
    case 'removed':
    case 'other-layout':
    case 'several-structs':
    case undefined:
      return err.message;
  }
  return written === undefined ? head : `${head}${writtenSummary(written, err.code === 'EINTR')}`;
}

/** A name as a shell reads it back: as it is when plain, else in single quotes; control characters escaped. */
function shellWord(text: string): string {
  const word = /^[\w.@%+=:,/-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
  return escapeControls(word);
}

/** What the failed run was doing, where the error alone does not say: removing segments. */
export type Doing = 'remove';

/** A hint for the user, by what failed and what was being done; `null` where none helps. */
function hintFor(err: ShmError, doing?: Doing): string | null {
  const bare = shellWord(err.segment?.slice(1) ?? 'NAME');
  const file = shellWord(shmFile(err.segment ?? '/NAME'));
  const { syscall, access, create, owner, reason } = err.details;
  switch (err.code) {
    case 'ENOENT':
      if (reason === 'no-match') return 'see the segments there are with: shm-reader --list';
      // Removed by another program while in use: creating it is not what the user was after.
      return syscall === 'shm_unlink' || doing === 'remove' || reason === 'removed' ? null : `create it with: shm-writer --name ${bare}`;
    case 'EACCES':
    case 'EPERM':
      // Removing a name, or replacing it (--recreate renames the new segment over it).
      if (syscall === 'shm_unlink' || syscall === 'rename')
        return `only its owner${owner === undefined ? '' : ` (uid ${owner.uid})`} or root can remove it`;
      return access === 'write'
        ? `its owner can let others write it with: chmod 666 ${file}`
        : `its owner can let others read it with: chmod 644 ${file}`;
    case 'EEXIST':
      return create === 'exclusive' ? 'drop --exclusive to write into it, or use --recreate to replace it' : null;
    case 'ENOSPC':
      return '/dev/shm is full: see df -h /dev/shm';
    case 'EFBIG':
    case 'ENOMEM':
      return 'ask for a smaller --size';
    case 'EUSAGE':
      if (reason === 'other-layout')
        return err.details.line === undefined
          ? 'leave out --layout to use the stored one, or add --relayout to store this one instead'
          : "add --relayout to store the layout line's instead, or write into a new segment";
      if (reason === 'several-structs') return 'say which after the file name: --layout @FILE:NAME';
      return reason === 'ambiguous-line' ? 'say which format the input is in: --input-format tsv or --input-format json' : null;
    case 'ERANGE_RECORD':
      return `see its size with: ls -l ${file}`;
    default:
      return null;
  }
}

/** The one line a failure prints: program, what failed, the code name, and a hint. */
export function errorLine(program: string, err: unknown, doing?: Doing): string {
  if (!(err instanceof ShmError)) return `${program}: ${oneLine(err instanceof Error ? err.message : String(err))}`;
  const hint = hintFor(err, doing);
  return `${program}: ${messageOf(err)}${hint === null ? '' : `; ${hint}`}`;
}
