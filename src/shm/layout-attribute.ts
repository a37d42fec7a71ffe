import { libc, type AttributeRead, type AttributeWrite } from './libc';
import { shmFile } from './shm-file';

/** The extended attribute of a segment's file that holds its layout: `user.shm_tools.layout`. */
export const LAYOUT_ATTRIBUTE = 'user.shm_tools.layout';

/** The layout text stored with segment `name` (validated, with its slash), or with the one open as `fd`, or why there is none. */
export function readLayoutAttribute(name: string, fd?: number): AttributeRead {
  return libc().getAttribute(fd ?? shmFile(name), LAYOUT_ATTRIBUTE, name);
}

/** Stores layout text with the segment open as `fd` (named `name` in errors); where it cannot be kept, nothing fails. */
export function writeLayoutAttribute(fd: number, text: string, name: string): AttributeWrite {
  return libc().setAttribute(fd, LAYOUT_ATTRIBUTE, text, name);
}

/** Removes the layout text stored with the segment open as `fd`, where there is one. */
export function removeLayoutAttribute(fd: number, name: string): void {
  libc().removeAttribute(fd, LAYOUT_ATTRIBUTE, name);
}
