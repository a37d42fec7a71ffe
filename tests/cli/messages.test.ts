import { errorLine } from '../../src/cli/messages';
import { ShmError, type ErrorDetails } from '../../src/model/errors';

const err = (code: string, message: string, details: ErrorDetails) => new ShmError(code, message, details);
const owner = { mode: 0o644, uid: 0, gid: 0, caller: 1000 };

describe('errorLine words the facts for the tools, with a hint that fits what was being done', () => {
  it.each([
    [
      err('ENOENT', 'shm_open /x: no such file', { syscall: 'shm_open', segment: '/x', access: 'read' }),
      'shm_open /x: no such file; create it with: shm-writer --name x',
    ],
    [err('ENOENT', 'shm_unlink /x: no such file', { syscall: 'shm_unlink', segment: '/x' }), 'shm_unlink /x: no such file'],
    [
      err('ENOENT', "shm_open /a b's: no such file", { syscall: 'shm_open', segment: "/a b's", access: 'read' }),
      "shm_open /a b's: no such file; create it with: shm-writer --name 'a b'\\''s'",
    ],
    [err('ENOENT', '/x was removed while being written', { segment: '/x', reason: 'removed' }), '/x was removed while being written'],
    [
      err('ENOENT', 'no segment matches "j*"', { reason: 'no-match' }),
      'no segment matches "j*"; see the segments there are with: shm-reader --list',
    ],
    [
      err('EACCES', 'shm_open /x: denied', { syscall: 'shm_open', segment: '/x', access: 'read', owner }),
      'shm_open /x: denied: /dev/shm/x is mode 644, owner uid 0, group gid 0, and you are uid 1000; its owner can let others read it with: chmod 644 /dev/shm/x',
    ],
    [
      err('EACCES', 'shm_open /x: denied', { syscall: 'shm_open', segment: '/x', access: 'write', owner }),
      'shm_open /x: denied: /dev/shm/x is mode 644, owner uid 0, group gid 0, and you are uid 1000; its owner can let others write it with: chmod 666 /dev/shm/x',
    ],
    [
      err('EACCES', 'shm_unlink /x: denied', { syscall: 'shm_unlink', segment: '/x', owner }),
      'shm_unlink /x: denied: /dev/shm/x is mode 644, owner uid 0, group gid 0, and you are uid 1000; only its owner (uid 0) or root can remove it',
    ],
    [
      err('EEXIST', 'shm_open /x: exists', { segment: '/x', create: 'exclusive' }),
      'shm_open /x: exists; drop --exclusive to write into it, or use --recreate to replace it',
    ],
    [
      err('EPERM', 'rename /x: not permitted', { syscall: 'rename', segment: '/x', owner }),
      'rename /x: not permitted: /dev/shm/x is mode 644, owner uid 0, group gid 0, and you are uid 1000; only its owner (uid 0) or root can remove it',
    ],
    [
      ShmError.usage('a size of 10 is too small: record 2 ends at byte 72', {
        segment: '/x',
        reason: 'size-too-small',
        size: 10,
        index: 2,
        needed: 72,
      }),
      '--size 10 is too small: record 2 ends at byte 72',
    ],
    [
      ShmError.usage('/x is 8192 bytes; a size of 4096 would shrink it, which was not allowed; nothing was written', {
        segment: '/x',
        reason: 'would-shrink',
        size: 4096,
        current: 8192,
        written: { first: 0, count: 0 },
      }),
      '/x is 8192 bytes; --size 4096 would shrink it (add --truncate to allow that); nothing was written',
    ],
    [err('ERANGE_RECORD', 'record 9 is past the end', { segment: '/x' }), 'record 9 is past the end; see its size with: ls -l /dev/shm/x'],
    [
      err('ENOSPC', 'posix_fallocate /x: no space', { segment: '/x' }),
      'posix_fallocate /x: no space; /dev/shm is full: see df -h /dev/shm',
    ],
  ])('%#: %s', (error, line) => {
    expect(errorLine('shm-writer', error)).toBe(`shm-writer: ${line}`);
  });

  it('keeps any other error to one printable line', () => {
    expect(errorLine('shm-reader', new Error(`a\nb\u001b[2J${'x'.repeat(5000)}`))).toMatch(/^shm-reader: a\\nb\\u001b\[2Jx+\.\.\.$/);
  });
});
