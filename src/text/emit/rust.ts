import type { Field } from '../../model/layout';
import type { ScalarType } from '../../model/scalars';
import { safeNames, type EmitInput } from './shared';

const RUST_TYPES: Readonly<Record<ScalarType, string>> = {
  int8: 'i8',
  uint8: 'u8',
  int16: 'i16',
  uint16: 'u16',
  int32: 'i32',
  uint32: 'u32',
  int64: 'i64',
  uint64: 'u64',
  float32: 'f32',
  float64: 'f64',
  bool: 'bool',
};

/** Words Rust reserves. */
export const RUST_RESERVED = new Set(
  (
    'as async await break const continue dyn else enum extern false fn for if impl in let loop match mod move mut pub ref ' +
    'return static struct trait true type unsafe use where while abstract become box do final gen macro override priv try ' +
    'typeof unsized virtual yield union'
  ).split(' '),
);
// Words a raw identifier (`r#type`) cannot be.
const NOT_RAW = new Set(['crate', 'self', 'super', 'Self', '_']);

function fieldType(field: Field): string {
  if (field.kind === 'char') return `[u8; ${field.count}]`;
  const type = RUST_TYPES[field.element];
  return field.kind === 'array' ? `[${type}; ${field.count}]` : type;
}

/** The struct in Rust, `#[repr(C)]` (and `packed` where packed), with `const` asserts on its size and every offset. */
export function rustDeclaration({ layout, type, about }: EmitInput): string {
  const names = safeNames(layout.fields, (n) => (NOT_RAW.has(n) ? `${n}_` : RUST_RESERVED.has(n) ? `r#${n}` : n));
  return [
    `// ${about}`,
    `#[repr(C${layout.packed ? ', packed' : ''})]`,
    '#[derive(Clone, Copy, Debug)]',
    `pub struct ${type} {`,
    ...layout.fields.map((f, k) => `    pub ${names[k]}: ${fieldType(f)},`),
    '}',
    '',
    `const _: () = assert!(std::mem::size_of::<${type}>() == ${layout.size});`,
    ...layout.fields.map((f, k) => `const _: () = assert!(std::mem::offset_of!(${type}, ${names[k]}) == ${f.offset});`),
    '',
  ].join('\n');
}
