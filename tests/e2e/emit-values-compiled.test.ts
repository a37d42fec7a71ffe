import { execFileSync } from 'node:child_process';
import type { Field, RecordValues } from '../../src/model/layout';
import { emitLayout } from '../../src/text/emit/emit';
import { cleanUp, shmPath, uniqueName } from '../helpers';
import {
  buildFolder,
  declaredFields,
  expectAllValues,
  readWithTools,
  valueCases,
  withGo,
  writeWithTools,
  type ValueCase,
} from '../emit-cases';

// Records pass both ways between the tools and Rust and Go programs built on `shm-reader --emit
// rust` and `--emit go`: random layouts (a quarter packed, some fields named with words the
// languages reserve), full-range values. The compilers are slow to start, so each direction is one
// program for all its layouts, given a segment for each.
afterEach(cleanUp);
jest.setTimeout(180_000);

const { build, path } = buildFolder('shm-emit-values-');

type Scalar = bigint | number | boolean;
/** A field of a layout, with its name and type in the emitted declaration. */
type Declared = { field: Field; name: string; type: string };
/** The declaration of a case's layout, and its fields as the language names and types them. */
function declared(c: ValueCase, language: 'rust' | 'go'): { declaration: string; fields: Declared[] } {
  const declaration = emitLayout(c.layout, language, c.layout.name);
  const fields = declaredFields(declaration, language);
  expect(fields).toHaveLength(c.layout.fields.length);
  return { declaration, fields: c.layout.fields.map((field, i) => ({ field, ...fields[i] })) };
}
/** A segment for each case, named after `label`, its records written by shm-writer. */
const writtenByTools = (cases: readonly ValueCase[], label: string) =>
  cases.map((c) => {
    const name = uniqueName(label);
    writeWithTools(name, c);
    return name;
  });
/** Runs a program built in the folder on a segment for each case; what it printed, line by line. */
const runOn = (program: string, names: string[]) =>
  execFileSync(path(program), names.map(shmPath), { encoding: 'utf8' }).split('\n').slice(0, -1);

describe('records pass between Rust, built on the declaration, and the tools', () => {
  // Each field copied out of the (maybe packed) struct first, then printed as shm-reader prints it in TSV.
  const show = (f: Field, n: string) =>
    f.kind === 'char'
      ? `{ let v = rec.${n}; let end = v.iter().position(|&b| b == 0).unwrap_or(v.len()); println!("{}", String::from_utf8_lossy(&v[..end])); }`
      : f.kind === 'array'
        ? `{ let v = rec.${n}; println!("{}", v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")); }`
        : `{ let v = rec.${n}; println!("{}", v); }`;
  // A literal of the field's Rust type: floats with a suffix (`5e-7f32`, `1234f64`), strings through `text`.
  const literal = (f: Field, v: RecordValues[string]) => {
    const one = (x: Scalar) => (typeof x === 'number' ? `${x}${f.element === 'float32' ? 'f32' : 'f64'}` : `${x}`);
    return f.kind === 'char'
      ? `text(${JSON.stringify(v)})`
      : f.kind === 'array'
        ? `[${(v as Scalar[]).map(one).join(', ')}]`
        : one(v as Scalar);
  };
  const program = (cases: ValueCase[], body: (c: ValueCase, fields: Declared[]) => string) => {
    const parts = cases.map((c) => ({ c, ...declared(c, 'rust') }));
    return `#![allow(dead_code, non_snake_case)]
${parts.map((p) => p.declaration).join('\n')}
/// A string's bytes, NUL-padded to N.
fn text<const N: usize>(s: &str) -> [u8; N] {
    let mut a = [0u8; N];
    a[..s.len()].copy_from_slice(s.as_bytes());
    a
}
/// The records' bytes, as rustc lays them out, one after another.
fn save<T: Copy>(path: &str, recs: &[T]) {
    let size = std::mem::size_of::<T>();
    let mut bytes = vec![0u8; size * recs.len()];
    for (r, rec) in recs.iter().enumerate() {
        unsafe { std::ptr::write_unaligned(bytes.as_mut_ptr().add(r * size) as *mut T, *rec) };
    }
    std::fs::write(path, bytes).unwrap();
}
${parts.map((p, k) => `fn case${k}(path: &str) {\n    ${body(p.c, p.fields)}\n}`).join('\n')}
fn main() {
    let args: Vec<String> = std::env::args().collect();
    ${cases.map((_, k) => `case${k}(&args[${k + 1}]);`).join('\n    ')}
}
`;
  };

  it('Rust reads what shm-writer wrote, value for value, for 8 random layouts and every type, padded and packed', () => {
    const cases = valueCases(51, 52, 8);
    const names = writtenByTools(cases, 'rust');
    const source = program(
      cases,
      ({ layout: { name: type }, records }, fields) => `let data = std::fs::read(path).unwrap();
    for r in 0..${records.length} {
        let rec: ${type} = unsafe { std::ptr::read_unaligned(data.as_ptr().add(r * std::mem::size_of::<${type}>()) as *const ${type}) };
        ${fields.map((f) => show(f.field, f.name)).join('\n        ')}
    }`,
    );
    build('read.rs', source, 'rustc', ['--edition', '2021', '-o', 'read-rs', 'read.rs']);
    expectAllValues(cases, runOn('read-rs', names));
  });

  it('Rust writes, shm-reader prints, value for value, for 8 random layouts and every type, padded and packed', () => {
    const cases = valueCases(53, 54, 8);
    const source = program(cases, ({ layout, records }, fields) => {
      const recs = records.map(
        (r) => `${layout.name} { ${fields.map((f) => `${f.name}: ${literal(f.field, r[f.field.name])}`).join(', ')} }`,
      );
      return `save(path, &[\n        ${recs.join(',\n        ')},\n    ]);`;
    });
    build('write.rs', source, 'rustc', ['--edition', '2021', '-o', 'write-rs', 'write.rs']);
    const names = cases.map(() => uniqueName('rust'));
    runOn('write-rs', names);
    cases.forEach((c, k) => expectAllValues([c], readWithTools(names[k], c.layout)));
  });
});

describe('records pass between Go, built on the declaration, and the tools', () => {
  // Helpers both programs have: the records of a file as Go lays out T, and back; a field Go holds
  // as [N]byte (one off its alignment, in a packed layout) from and to its type, in this machine's
  // byte order (little-endian).
  const HELPERS = `
func load[T any](path string) []T {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	var rec T
	recs := make([]T, len(data)/int(unsafe.Sizeof(rec)))
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&recs[0])), len(recs)*int(unsafe.Sizeof(rec))), data)
	return recs
}

func save[T any](path string, recs []T) {
	var rec T
	if err := os.WriteFile(path, unsafe.Slice((*byte)(unsafe.Pointer(&recs[0])), len(recs)*int(unsafe.Sizeof(rec))), 0o600); err != nil {
		panic(err)
	}
}

func decode(b []byte, v any) {
	if err := binary.Read(bytes.NewReader(b), binary.LittleEndian, v); err != nil {
		panic(err)
	}
}

func encode(b []byte, v any) {
	var w bytes.Buffer
	if err := binary.Write(&w, binary.LittleEndian, v); err != nil {
		panic(err)
	}
	copy(b, w.Bytes())
}
`;
  // A value as shm-reader prints it in TSV: floats in their shortest form, arrays comma-separated, strings up to the first NUL.
  const PRINT = `
func text(v any) string {
	switch x := v.(type) {
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

func list[T any](xs []T) string {
	texts := make([]string, len(xs))
	for i, x := range xs {
		texts[i] = text(x)
	}
	return strings.Join(texts, ",")
}

func str(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}
`;
  /** Whether Go holds a field that is no string as [N]byte. */
  const inBytes = (f: Field, type: string) => f.kind !== 'char' && /^\[\d+\]byte$/.test(type);
  // Our type names are Go's (int8...float64, bool).
  const goType = (f: Field) => (f.kind === 'array' ? `[${f.count}]${f.element}` : f.element);
  const print = (f: Field, name: string, type: string) => {
    if (f.kind === 'char') return `fmt.Println(str(rec.${name}[:]))`;
    const shown = (v: string) => (f.kind === 'array' ? `list(${v}[:])` : `text(${v})`);
    return inBytes(f, type)
      ? `{\n\t\t\tvar v ${goType(f)}\n\t\t\tdecode(rec.${name}[:], &v)\n\t\t\tfmt.Println(${shown('v')})\n\t\t}`
      : `fmt.Println(${shown(`rec.${name}`)})`;
  };
  const assign = (f: Field, at: string, type: string, v: RecordValues[string]) => {
    if (f.kind === 'char') return `copy(${at}[:], ${JSON.stringify(v)})`;
    const value = f.kind === 'array' ? `${goType(f)}{${(v as Scalar[]).join(', ')}}` : inBytes(f, type) ? `${f.element}(${v})` : `${v}`;
    return inBytes(f, type) ? `encode(${at}[:], ${value})` : `${at} = ${value}`;
  };
  const program = (cases: ValueCase[], imports: string[], body: (c: ValueCase, fields: Declared[]) => string) => {
    const parts = cases.map((c) => ({ c, ...declared(c, 'go') }));
    return `package main

import (
${imports.map((i) => `\t"${i}"\n`).join('')})

${parts.map((p) => p.declaration).join('\n')}${HELPERS}${imports.includes('fmt') ? PRINT : ''}
${parts.map((p, k) => `func case${k}(path string) {\n\t${body(p.c, p.fields)}\n}\n`).join('\n')}
func main() {
${cases.map((_, k) => `\tcase${k}(os.Args[${k + 1}])\n`).join('')}}
`;
  };
  const goBuild = (folder: string, source: string) => {
    build('go.mod', `module ${folder}\n\ngo 1.19\n`, 'true', [], folder);
    build('main.go', source, 'go', ['build', '-o', path(folder, folder), '.'], folder);
  };

  withGo('Go reads what shm-writer wrote, value for value, for 10 random layouts and every type, padded and packed', () => {
    const cases = valueCases(61, 62, 10);
    const names = writtenByTools(cases, 'go');
    const source = program(
      cases,
      ['bytes', 'encoding/binary', 'fmt', 'os', 'strconv', 'strings', 'unsafe'],
      ({ layout }, fields) =>
        `for _, rec := range load[${layout.name}](path) {\n\t\t${fields.map((f) => print(f.field, f.name, f.type)).join('\n\t\t')}\n\t}`,
    );
    goBuild('read', source);
    expectAllValues(cases, runOn('read/read', names));
  });

  withGo('Go writes, shm-reader prints, value for value, for 10 random layouts and every type, padded and packed', () => {
    const cases = valueCases(63, 64, 10);
    const source = program(cases, ['bytes', 'encoding/binary', 'os', 'unsafe'], ({ layout, records }, fields) => {
      const sets = records.flatMap((r, i) => fields.map((f) => assign(f.field, `recs[${i}].${f.name}`, f.type, r[f.field.name])));
      return `recs := make([]${layout.name}, ${records.length})\n\t${sets.join('\n\t')}\n\tsave(path, recs)`;
    });
    goBuild('write', source);
    const names = cases.map(() => uniqueName('go'));
    runOn('write/write', names);
    cases.forEach((c, k) => expectAllValues([c], readWithTools(names[k], c.layout)));
  });
});
