import { UNNAMED, type Layout } from '../../model/layout';
import { escapeControls } from '../../model/errors';
import { storedLayoutText } from '../../model/layout-spec';
import { SCALAR_TYPES, SCALARS } from '../../model/scalars';
import { cDeclaration, cppDeclaration, CPP_RESERVED } from './c';
import { goDeclaration } from './go';
import { numpyDeclaration, PY_RESERVED, pythonDeclaration } from './python';
import { rustDeclaration, RUST_RESERVED } from './rust';
import { byteCount, type EmitInput } from './shared';
import { tsDeclaration } from './typescript';

/** Names no type may have in one of the languages (`Self`, `None`, `class`, `type`...): such a type gets a trailing underscore in all. */
const TYPE_RESERVED: ReadonlySet<string> = new Set([
  ...CPP_RESERVED,
  ...RUST_RESERVED,
  ...PY_RESERVED,
  ...[
    'Self',
    'self',
    'crate',
    'super',
    'chan',
    'defer',
    'func',
    'go',
    'interface',
    'map',
    'package',
    'range',
    'select',
    'var',
    'fallthrough',
  ],
  ...['let', 'var', 'function', 'export', 'import', 'instanceof', 'typeof', 'void', 'with', 'yield', 'await', 'null', 'undefined'],
  // Names the declarations themselves use: the blank identifier, Go's main and unsafe, the modules
  // Python and TypeScript import, C's type names.
  ...['_', 'main', 'unsafe', 'ctypes', 'struct', 'numpy', 'np', 'layout', 'std', 'core', 'size_t', 'offsetof'],
  ...SCALAR_TYPES.map((t) => SCALARS[t].cType),
]);

/** The languages `emitLayout` writes a layout's declaration in. */
export const EMIT_LANGUAGES = ['c', 'cpp', 'go', 'rust', 'python', 'numpy', 'ts'] as const;
/** One of {@link EMIT_LANGUAGES}. */
export type EmitLanguage = (typeof EMIT_LANGUAGES)[number];

/**
 * The declaration a program in `language` needs to share records of `layout`, ready to paste, with
 * checks of its size and every offset where the language has them (`_Static_assert`, `assert!`...);
 * `type` names the struct (`Tick`), `segment` the segment it is for (in a comment).
 */
export function emitLayout(layout: Layout, language: EmitLanguage, type: string, segment?: string): string {
  // In a comment: a name's control characters, and the line ends JavaScript knows (U+2028, U+2029), escaped.
  const of =
    segment === undefined ? '' : ` of ${escapeControls(segment).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}`;
  const about = `Records${of}: ${storedLayoutText(layout)} (${byteCount(layout.size)})`;
  return DECLARATIONS[language]({ layout, type: TYPE_RESERVED.has(type) ? `${type}_` : type, about });
}

/** Each language's declaration: a table that must name every one of {@link EMIT_LANGUAGES}. */
const DECLARATIONS: Readonly<Record<EmitLanguage, (input: EmitInput) => string>> = {
  c: cDeclaration,
  cpp: cppDeclaration,
  go: goDeclaration,
  rust: rustDeclaration,
  python: pythonDeclaration,
  numpy: numpyDeclaration,
  ts: tsDeclaration,
};

/** A type name for a layout: its own (`Tick`), or, for one without (`layout`), one made from the segment's name (`/ticks` is `Ticks`). */
export function typeName(layout: Layout, segment: string): string {
  if (layout.name !== UNNAMED) return layout.name;
  const words = segment
    .replace(/^\//, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
  const name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return name === '' ? 'Record' : /^[0-9]/.test(name) ? `Record${name}` : name;
}
