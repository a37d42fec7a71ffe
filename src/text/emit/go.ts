import type { Field } from '../../model/layout';
import { SCALARS, type ScalarType } from '../../model/scalars';
import { safeNames, withPadding, type EmitInput } from './shared';

const GO_TYPES: Readonly<Record<ScalarType, string>> = {
  int8: 'int8',
  uint8: 'uint8',
  int16: 'int16',
  uint16: 'uint16',
  int32: 'int32',
  uint32: 'uint32',
  int64: 'int64',
  uint64: 'uint64',
  float32: 'float32',
  float64: 'float64',
  bool: 'bool',
};

/**
 * The fields Go cannot type as they are: Go aligns each to its size and pads the struct to its
 * largest alignment, and has no packing. A field off its alignment (packed layouts) becomes a byte
 * array; so do the most aligned ones while the record's size is not a multiple of the struct's alignment.
 */
function asBytes(fields: readonly Field[], size: number): Set<Field> {
  const bytes = new Set(fields.filter((f) => f.kind === 'char' || f.offset % SCALARS[f.element].size !== 0));
  for (;;) {
    const typed = fields.filter((f) => !bytes.has(f));
    const align = Math.max(1, ...typed.map((f) => SCALARS[f.element].size));
    if (size % align === 0) return bytes;
    for (const f of typed) if (SCALARS[f.element].size === align) bytes.add(f);
  }
}

/**
 * The struct in Go, its fields exported (capitalised), every padding byte an explicit `_ [N]byte`,
 * a field Go cannot place where C does as `[N]byte` (with its type in a comment), and
 * compile-time checks of its size and every offset (a constant index out of range fails the build).
 */
export function goDeclaration({ layout, type, about }: EmitInput): string {
  // Exported, and so never a Go keyword; `_x` would stay unexported (and `_` blank): `X_x`.
  const names = safeNames(layout.fields, (n) => (n.startsWith('_') ? `X${n}` : n[0].toUpperCase() + n.slice(1)));
  const bytes = asBytes(layout.fields, layout.size);
  const nameOf = new Map(layout.fields.map((f, k) => [f, names[k]]));
  const width = Math.max(1, ...names.map((n) => n.length));
  const lines = withPadding(layout).map((part) => {
    if ('pad' in part) return `\t${'_'.padEnd(width)} [${part.pad}]byte`;
    const { field } = part;
    const name = (nameOf.get(field) ?? field.name).padEnd(width);
    if (field.kind === 'char') return `\t${name} [${field.count}]byte`;
    if (bytes.has(field)) return `\t${name} [${field.size}]byte // ${field.type}, in native byte order`;
    return `\t${name} ${field.kind === 'array' ? `[${field.count}]` : ''}${GO_TYPES[field.element]}`;
  });
  return [
    `// ${about}`,
    '// The checks below need: import "unsafe"',
    `type ${type} struct {`,
    ...lines,
    '}',
    '',
    `var _ = [1]int{}[unsafe.Sizeof(${type}{})-${layout.size}]`,
    ...layout.fields.map((f, k) => `var _ = [1]int{}[unsafe.Offsetof(${type}{}.${names[k]})-${f.offset}]`),
    '',
  ].join('\n');
}
