import type { Field } from '../../model/layout';
import type { ScalarType } from '../../model/scalars';
import { safeNames, withPadding, type EmitInput } from './shared';

/** The `struct` module's code, ctypes' type and numpy's type of each scalar type (native order, standard sizes). */
const PY: Readonly<Record<ScalarType, readonly [string, string, string]>> = {
  int8: ['b', 'c_int8', 'i1'],
  uint8: ['B', 'c_uint8', 'u1'],
  int16: ['h', 'c_int16', 'i2'],
  uint16: ['H', 'c_uint16', 'u2'],
  int32: ['i', 'c_int32', 'i4'],
  uint32: ['I', 'c_uint32', 'u4'],
  int64: ['q', 'c_int64', 'i8'],
  uint64: ['Q', 'c_uint64', 'u8'],
  float32: ['f', 'c_float', 'f4'],
  float64: ['d', 'c_double', 'f8'],
  bool: ['?', 'c_bool', '?'],
};

/** Words Python reserves. */
export const PY_RESERVED = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from global if ' +
    'import in is lambda nonlocal not or pass raise return try while with yield'
  ).split(' '),
);

/** Names a field may not have in a `ctypes.Structure`: its own attributes, which a field of that name would replace. */
const CTYPES_RESERVED = new Set(
  (
    '_fields_ _pack_ _align_ _layout_ _anonymous_ _swappedbytes_ _b_base_ _b_needsfree_ _objects _type_ _length_ ' +
    'from_buffer from_buffer_copy from_address from_param in_dll'
  ).split(' '),
);

/** The `struct` format of a record: `=` (native order, no alignment of its own), every padding byte an `x`. */
function structFormat(input: EmitInput): string {
  return `=${withPadding(input.layout)
    .map((part) => {
      if ('pad' in part) return `${part.pad}x`;
      const { field } = part;
      return field.kind === 'char' ? `${field.count}s` : `${field.kind === 'array' ? field.count : ''}${PY[field.element][0]}`;
    })
    .join('')}`;
}

function ctype(field: Field): string {
  if (field.kind === 'char') return `ctypes.c_char * ${field.count}`;
  const type = `ctypes.${PY[field.element][1]}`;
  return field.kind === 'array' ? `${type} * ${field.count}` : type;
}

/** A `struct.Struct` (its values in field order, arrays flattened) and a `ctypes.Structure`, with asserts on sizes and offsets. */
export function pythonDeclaration(input: EmitInput): string {
  const { layout, type, about } = input;
  const names = safeNames(layout.fields, (n) => (PY_RESERVED.has(n) || CTYPES_RESERVED.has(n) ? `${n}_` : n));
  const upper = type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  // `Tick` gives TICK; a type named in capitals already keeps its name for the class.
  const constant = upper === type ? `${upper}_STRUCT` : upper;
  return [
    `# ${about}`,
    'import ctypes',
    'import struct',
    '',
    `${constant} = struct.Struct('${structFormat(input)}')`,
    '',
    '',
    `class ${type}(ctypes.Structure):`,
    ...(layout.packed ? ["    _layout_ = 'ms'", '    _pack_ = 1'] : []),
    '    _fields_ = [',
    ...layout.fields.map((f, k) => `        ('${names[k]}', ${ctype(f)}),`),
    '    ]',
    '',
    '',
    `assert ${constant}.size == ctypes.sizeof(${type}) == ${layout.size}`,
    ...layout.fields.map((f, k) => `assert ${type}.${names[k]}.offset == ${f.offset}`),
    '',
  ].join('\n');
}

/** A numpy `dtype` with every field's offset, to view a segment's bytes as an array of records. */
export function numpyDeclaration({ layout, type, about }: EmitInput): string {
  const format = (f: Field) =>
    f.kind === 'char' ? `'S${f.count}'` : f.kind === 'array' ? `('${PY[f.element][2]}', (${f.count},))` : `'${PY[f.element][2]}'`;
  const constant = type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  return [
    `# ${about}`,
    'import numpy as np',
    '',
    `${constant} = np.dtype({`,
    `    'names': [${layout.fields.map((f) => `'${f.name}'`).join(', ')}],`,
    `    'formats': [${layout.fields.map(format).join(', ')}],`,
    `    'offsets': [${layout.fields.map((f) => f.offset).join(', ')}],`,
    `    'itemsize': ${layout.size},`,
    '})',
    '',
    `assert ${constant}.itemsize == ${layout.size}`,
    '',
  ].join('\n');
}
