import { quote } from '../model/errors';

/** A JSON value as read from a line: numbers keep their text, so no digit is lost. */
export type Token = { readonly number: string } | string | boolean | null | readonly Token[];

/** How deeply arrays may nest in a record line: a record's values are at most arrays of scalars. */
const MAX_DEPTH = 32;

class JsonSyntaxError extends Error {}

/** A literal or a number, matched where the parser stands (sticky): no copy of the rest of the line. */
const SCALAR = /true|false|null|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;

/**
 * Parses a JSON object whose values are scalars or arrays into its entries, in order, numbers
 * kept as their text; or says why the text is not one.
 */
export function parseJsonObject(text: string): Map<string, Token> | string {
  let i = 0;
  const fail = (what: string) => new JsonSyntaxError(`not a JSON object: ${what} at character ${i + 1}`);
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const expect = (c: string) => {
    space();
    if (text[i] !== c) throw fail(`expected '${c}'`);
    i++;
  };
  const string = (): string => {
    if (text[i] !== '"') throw fail('expected a string');
    // The closing quote is the first one not escaped by an odd run of backslashes.
    let end = text.indexOf('"', i + 1);
    for (;;) {
      if (end === -1) throw fail('a string that does not end');
      let slashes = 0;
      while (text[end - 1 - slashes] === '\\') slashes++;
      if (slashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    try {
      const value = JSON.parse(text.slice(i, end + 1)) as string;
      i = end + 1;
      return value;
    } catch {
      throw fail('an invalid escape or control character in a string');
    }
  };
  const value = (depth: number): Token => {
    space();
    if (text[i] === '"') return string();
    if (text[i] === '[') {
      if (depth === MAX_DEPTH) throw fail(`arrays nested more than ${MAX_DEPTH} deep`);
      i++;
      const items: Token[] = [];
      space();
      if (text[i] === ']') return (i++, items);
      for (;;) {
        items.push(value(depth + 1));
        space();
        if (text[i] === ']') return (i++, items);
        expect(',');
      }
    }
    SCALAR.lastIndex = i;
    const m = SCALAR.exec(text);
    if (m === null) throw fail('expected a value');
    i += m[0].length;
    return m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : { number: m[0] };
  };
  try {
    const entries = new Map<string, Token>();
    expect('{');
    space();
    if (text[i] === '}') i++;
    else {
      for (;;) {
        space();
        const key = string();
        if (entries.has(key)) return `${quote(key)} is given twice`;
        expect(':');
        entries.set(key, value(0));
        space();
        if (text[i] === '}') break;
        expect(',');
      }
      i++;
    }
    space();
    return i < text.length ? 'text after the JSON object' : entries;
  } catch (err) {
    if (err instanceof JsonSyntaxError) return err.message;
    throw err;
  }
}
