import { quote, ShmError } from '../model/errors';
import type { Layout } from '../model/layout';
import { parseLayoutText, storedLayoutText } from '../model/layout-spec';
import type { MachineFormat } from './record-format';

/** The key of a JSON layout line: never a field's name, since a field's is a C identifier. */
const JSON_KEY = '#layout';
/** The longest first line taken as a layout line: a layout's text is far shorter. */
const MAX_LINE = 1 << 20;

/**
 * The line before the records that says their layout, so that a copy can carry it:
 * `#layout id:int32,price:float64` in TSV, `{"#layout":"id:int32,price:float64"}` in JSON lines.
 */
export function layoutLine(layout: Layout, format: MachineFormat): string {
  const text = storedLayoutText(layout);
  return format === 'tsv' ? `#layout ${text}\n` : `${JSON.stringify({ [JSON_KEY]: text })}\n`;
}

/** Reads a {@link layoutLine} (either format, with or without its line end); a usage error for any other line. */
export function readLayoutLine(line: string): Layout {
  const text = line.replace(/\r?\n?$/, '');
  if (text.startsWith('#layout ')) return lineOne(text.slice(8));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const value =
    typeof json === 'object' && json !== null && Object.keys(json).length === 1 ? (json as Record<string, unknown>)[JSON_KEY] : undefined;
  if (typeof value === 'string') return lineOne(value);
  throw ShmError.usage(`line 1: not a layout line (#layout SPEC, or {"#layout":"SPEC"}): ${quote(text)}`, { line: 1 });
}

/** The layout a layout line's text says; an error names line 1, as every other input error names its line. */
function lineOne(text: string): Layout {
  try {
    return parseLayoutText(text, 'the layout line');
  } catch (err) {
    throw err instanceof ShmError ? err.with({ line: 1 }, `line 1: ${err.message}`) : err;
  }
}

/**
 * The first line of `chunks`, and the rest of them after it (chunks may be reused by their source:
 * what is left of the first line's chunk is copied). The line is null where the input is empty.
 */
export async function firstLine(chunks: AsyncIterable<Uint8Array>): Promise<{ line: string | null; rest: AsyncIterable<Uint8Array> }> {
  const it = chunks[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const next = await it.next();
    if (next.done === true) return { line: length === 0 ? null : Buffer.concat(parts).toString('utf8'), rest: nothing() };
    const chunk = next.value;
    const end = chunk.indexOf(10);
    if (end === -1) {
      parts.push(Buffer.from(chunk)); // a copy: Buffer.slice would share the bytes
      length += chunk.length;
      if (length > MAX_LINE) throw ShmError.usage(`line 1: longer than ${MAX_LINE} bytes: not a layout line`, { line: 1 });
      continue;
    }
    parts.push(chunk.subarray(0, end));
    const line = Buffer.concat(parts).toString('utf8');
    const tail = Buffer.from(chunk.subarray(end + 1));
    return {
      line,
      rest: (async function* () {
        if (tail.length > 0) yield tail;
        for (let n = await it.next(); n.done !== true; n = await it.next()) yield n.value;
      })(),
    };
  }
}

async function* nothing(): AsyncGenerator<Uint8Array> {}
