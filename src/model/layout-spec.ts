import { quote, ShmError } from './errors';
import { defineLayout, MY_DATA, UNNAMED, type Layout } from './layout';

/** A layout file: `{"name": "Tick", "packed": false, "fields": [{"name": "id", "type": "int32"}, ...]}`. */
export interface LayoutFile {
  readonly name?: string;
  readonly packed?: boolean;
  readonly fields: ReadonlyArray<{ readonly name: string; readonly type: string }>;
}

/**
 * Reads an inline layout, `id:int32,price:float64,name:char[16]`: fields in order, each
 * `name:type`. `packed` lays it out with no padding.
 */
export function parseLayout(spec: string, packed = false): Layout {
  const fields = spec.split(',').map((part) => {
    const m = /^\s*([^:\s]+)\s*:\s*(\S+)\s*$/.exec(part);
    if (m === null) {
      throw ShmError.usage(
        `invalid layout ${quote(spec)}: write fields as name:type, separated by commas, e.g. id:int32,price:float64,name:char[16]`,
      );
    }
    return [m[1], m[2]] as const;
  });
  return defineLayout(UNNAMED, fields, packed);
}

/** Reads a {@link LayoutFile}'s text; `source` names it in messages. `packed` (or the file) removes the padding. */
export function layoutFromJson(text: string, source: string, packed = false): Layout {
  let file: LayoutFile;
  try {
    file = JSON.parse(text) as LayoutFile;
  } catch (err) {
    throw ShmError.usage(`cannot read layout file ${quote(source)}: ${(err as Error).message}`);
  }
  const ok =
    typeof file === 'object' &&
    file !== null &&
    Array.isArray(file.fields) &&
    file.fields.every((f) => typeof f?.name === 'string' && typeof f?.type === 'string') &&
    (file.packed === undefined || typeof file.packed === 'boolean') &&
    (file.name === undefined || typeof file.name === 'string');
  if (!ok)
    throw ShmError.usage(
      `layout file ${quote(source)} must hold {"name": "...", "packed": false, "fields": [{"name": "id", "type": "int32"}, ...]}`,
    );
  return defineLayout(
    file.name ?? UNNAMED,
    file.fields.map((f) => [f.name, f.type] as const),
    packed || file.packed === true,
  );
}

/** A layout as the inline spec that reads back to it: `id:int32,price:float64,name:char[16]`. */
export function layoutSpec(layout: Layout): string {
  return layout.fields.map((f) => `${f.name}:${f.type}`).join(',');
}

/** Whether two layouts lay records out alike: the same fields, types and order, packed or not (their names aside). */
export function sameLayout(a: Layout, b: Layout): boolean {
  return a.packed === b.packed && layoutSpec(a) === layoutSpec(b);
}

/**
 * How a layout is stored with a segment: its inline spec, then `;packed` where it has no padding,
 * then `;name=Tick` where it has a name of its own (not for the demo's MyData, which needs none).
 */
export function storedLayoutText(layout: Layout): string {
  const unnamed = layout.name === UNNAMED || (layout.name === MY_DATA.name && sameLayout(layout, MY_DATA));
  return `${layoutSpec(layout)}${layout.packed ? ';packed' : ''}${unnamed ? '' : `;name=${layout.name}`}`;
}

const MY_DATA_TEXT = storedLayoutText(MY_DATA);

/** Reads a layout stored with a segment ({@link storedLayoutText}); the default layout comes back as {@link MY_DATA} itself. */
export function parseStoredLayout(text: string, segment: string): Layout {
  return parseLayoutText(text, `the layout stored with ${segment}`);
}

/** Reads a layout written by {@link storedLayoutText}; `what` names it in the error when it is not one. */
export function parseLayoutText(text: string, what: string): Layout {
  // The demo's layout, the one most segments store, without parsing it.
  if (text === MY_DATA_TEXT) return MY_DATA;
  const [spec, ...parts] = text.split(';');
  const packed = parts.includes('packed');
  const names = parts.filter((p) => p.startsWith('name='));
  if (parts.length !== names.length + (packed ? 1 : 0) || names.length > 1 || parts.indexOf('packed') !== parts.lastIndexOf('packed'))
    throw ShmError.usage(`${what} is not a layout: ${quote(text)}`);
  let layout: Layout;
  try {
    layout = parseLayout(spec, packed);
    if (names.length === 1)
      layout = defineLayout(
        names[0].slice(5),
        layout.fields.map((f) => [f.name, f.type] as const),
        packed,
      );
  } catch (err) {
    throw ShmError.usage(`${what} is not a layout: ${quote(text)} (${(err as Error).message})`);
  }
  return names.length === 0 && sameLayout(layout, MY_DATA) ? MY_DATA : layout;
}
