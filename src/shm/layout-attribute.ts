import { libc } from './libc';
import { shmFile } from './shm-file';

/** The extended attribute of a segment's file that holds its layout: `user.shm_tools.layout`. */
export const LAYOUT_ATTRIBUTE = 'user.shm_tools.layout';

/**
 * The layout text stored with segment `name` (validated, with its slash): null where none is (or
 * the segment does not exist), `unsupported` where /dev/shm keeps no user attributes.
 */
export function readLayoutAttribute(name: string): string | null | 'unsupported' {
  return libc().getAttribute(shmFile(name), LAYOUT_ATTRIBUTE, name);
}

/** Stores layout text with segment `name`; false where /dev/shm keeps no user attributes (nothing else fails for it). */
export function writeLayoutAttribute(name: string, text: string): boolean {
  return libc().setAttribute(shmFile(name), LAYOUT_ATTRIBUTE, text, name);
}
