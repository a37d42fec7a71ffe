import { spawnSync } from 'node:child_process';
import { shmPath } from './helpers';

// The layout attribute as a peer reads and writes it: the oracle is Python's os.getxattr/os.setxattr.

/** The attribute that holds a segment's layout. */
export const ATTRIBUTE = 'user.shm_tools.layout';

/** The attribute as Python reads it, or null where there is none. */
export function stored(name: string): string | null {
  const py = spawnSync(
    'python3',
    [
      '-c',
      'import os, sys\ntry: print(os.getxattr(sys.argv[1], sys.argv[2]).decode())\nexcept OSError: print("<none>")',
      shmPath(name),
      ATTRIBUTE,
    ],
    { encoding: 'utf8' },
  );
  const text = py.stdout.trim();
  return text === '<none>' ? null : text;
}

/** A segment made by Python, as another program makes one: no attribute; `attribute` sets one. */
export function foreign(name: string, size: number, attribute?: string): void {
  const code = `import os, sys
fd = os.open(sys.argv[1], os.O_CREAT | os.O_RDWR, 0o600); os.ftruncate(fd, int(sys.argv[2])); os.close(fd)
if len(sys.argv) > 3: os.setxattr(sys.argv[1], sys.argv[3], sys.argv[4].encode())`;
  const extra = attribute === undefined ? [] : [ATTRIBUTE, attribute];
  expect(spawnSync('python3', ['-c', code, shmPath(name), `${size}`, ...extra]).status).toBe(0);
}
