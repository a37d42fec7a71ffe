import stringWidth from 'string-width';

/** Columns a text takes on a terminal (East Asian wide characters take two, combining marks none, colour codes none). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}
