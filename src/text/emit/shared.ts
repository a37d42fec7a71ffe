import type { Field, Layout } from '../../model/layout';

/** What every language's writer is given: the layout, the type's name, and a line saying where it comes from. */
export interface EmitInput {
  readonly layout: Layout;
  /** A C identifier: the struct's, class's or type's name. */
  readonly type: string;
  /** Says what the declaration is of, for a comment at its top. */
  readonly about: string;
}

/** The gaps of a layout: between fields, and after the last one up to the record's size. */
export function withPadding(layout: Layout): Array<{ readonly field: Field } | { readonly pad: number }> {
  const out: Array<{ field: Field } | { pad: number }> = [];
  let end = 0;
  for (const field of layout.fields) {
    if (field.offset > end) out.push({ pad: field.offset - end });
    out.push({ field });
    end = field.offset + field.size;
  }
  if (layout.size > end) out.push({ pad: layout.size - end });
  return out;
}

/**
 * Field names made safe for a language: `rename` changes a name the language cannot take as it
 * is (a reserved word), and a name that would then clash with another gets underscores until none does.
 */
export function safeNames(fields: readonly Field[], rename: (name: string) => string): string[] {
  const taken = new Set<string>();
  return fields.map((f) => {
    let name = rename(f.name);
    while (taken.has(name)) name = `${name}_`;
    taken.add(name);
    return name;
  });
}

/** `1 byte`, `24 bytes`. */
export function byteCount(n: number): string {
  return `${n} byte${n === 1 ? '' : 's'}`;
}
