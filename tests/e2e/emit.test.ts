import { existsSync, writeFileSync } from 'node:fs';
import { layout as defineTyped } from '../../src/model/layout';
import { sameLayout } from '../../src/model/layout-spec';
import { emitLayout, type EmitLanguage } from '../../src/text/emit/emit';
import { cleanUp, run, shmPath, uniqueName } from '../helpers';
import { buildFolder, layouts, withGo, withNumpy } from '../emit-cases';

// `shm-reader --emit LANG`: the declarations are checked by the real toolchains. Each language's
// declaration asserts its size and every offset at compile time (or, in Python, when it runs), so
// that a build of many random layouts (a quarter packed, some fields named with reserved words)
// proves they agree with ours. Records then pass between the tools and programs built on them in
// emit-values-*.test.ts.
afterEach(cleanUp);
jest.setTimeout(180_000);

const { build, path } = buildFolder('shm-emit-');

/** Type names some language reserves: the first layouts get them, the others their own (L<n>). */
const RESERVED_TYPES = [
  'Self',
  'None',
  'type',
  'class',
  'match',
  'struct',
  'True',
  'fn',
  'linux',
  'func',
  '_',
  'main',
  'ctypes',
  'uint8_t',
  'layout',
  'np',
];
const emitted = (language: EmitLanguage, seed: number, n: number) =>
  layouts(seed, n).map((l, k) => emitLayout(l, language, RESERVED_TYPES[k] ?? l.name, `/${l.name.toLowerCase()}`));

describe('every declaration agrees with its compiler on sizeof and every offset', () => {
  it('C (gcc in its default dialect, 200 layouts, _Static_assert)', () => {
    build('all.c', `${emitted('c', 11, 200).join('\n')}\nint main(void) { return 0; }\n`, 'gcc', [
      '-std=c11',
      '-Wall',
      '-Werror',
      '-o',
      'c.out',
      'all.c',
    ]);
  });

  it('C++ (g++ in its default dialect, 200 layouts, static_assert)', () => {
    build('all.cpp', `${emitted('cpp', 12, 200).join('\n')}\nint main() { return 0; }\n`, 'g++', [
      '-std=c++17',
      '-Wall',
      '-Werror',
      '-o',
      'cpp.out',
      'all.cpp',
    ]);
  });

  it('Rust (rustc, 60 layouts, const assert!)', () => {
    const source = `#![allow(dead_code, non_snake_case, non_camel_case_types)]\n${emitted('rust', 13, 60).join('\n')}\nfn main() {}\n`;
    build('all.rs', source, 'rustc', ['--edition', '2021', '-o', 'rs.out', 'all.rs']);
  });

  withGo('Go (go build, 100 layouts, constant index checks)', () => {
    build('go.mod', 'module emitted\n\ngo 1.19\n', 'true', [], 'go');
    build(
      'main.go',
      `package main\n\nimport "unsafe"\n\n${emitted('go', 14, 100).join('\n')}\nfunc main() {}\n`,
      'go',
      ['build', '-o', 'go.out', '.'],
      'go',
    );
  });

  it('Python (struct and ctypes, 200 layouts, asserts)', () => {
    build('all.py', emitted('python', 15, 200).join('\n'), 'python3', ['all.py']);
  });

  withNumpy('numpy (200 layouts: itemsize, and every offset read back from the dtype)', () => {
    const checks = layouts(16, 200).map((l) => {
      const constant = l.name.toUpperCase();
      return `${emitLayout(l, 'numpy', l.name)}\nassert [${constant}.fields[n][1] for n in ${constant}.names] == [${l.fields.map((f) => f.offset).join(', ')}]\n`;
    });
    build('np.py', checks.join('\n'), 'python3', ['np.py']);
  });

  it("TypeScript (the library's layout() call gives the same layout back, 200 layouts)", () => {
    for (const l of layouts(17, 200)) {
      const body = emitLayout(l, 'ts', l.name)
        .replace(/^import .*$/m, '')
        .replace('export const', 'return');
      const back = new Function('layout', body)(defineTyped) as typeof l;
      expect(sameLayout(back, l)).toBe(true);
      expect(back.fields).toEqual(l.fields);
    }
  });
});

describe('shm-reader --emit', () => {
  it('declares the layout stored with the segment; without --layout, the segment must be there; the language is checked first', () => {
    const name = uniqueName('emit');
    expect(run('shm-writer', [name, '--layout', 'px:float32,n:uint16', '--no-record', '-q']).status).toBe(0);
    const c = run('shm-reader', [name, '--emit', 'c']);
    expect(c.status).toBe(0);
    expect(c.stdout).toContain(`/* Records of /${name}: px:float32,n:uint16 (8 bytes) */`);
    expect(c.stdout).toContain('    float px;\n    uint16_t n;\n');
    const missing = run('shm-reader', [uniqueName('emit'), '--emit', 'c']);
    expect(missing.status).toBe(3);
    expect(run('shm-reader', [uniqueName('emit'), '--emit', 'c', '--layout', 'a:int8']).status).toBe(0);
    expect(run('shm-reader', [name, '--emit', 'cobol'])).toMatchObject({
      status: 2,
      stderr: 'shm-reader: --emit takes c, cpp, go, rust, python, numpy, ts, not "cobol"\n',
    });
  });

  it('takes the struct a C program has as the layout: a header with --layout @file.h, or a struct inline', () => {
    const header = path('tick.h');
    writeFileSync(header, '#include <stdint.h>\nstruct Tick { int32_t id; double price; char sym[4]; } __attribute__((packed));\n');
    const name = uniqueName('emit');
    expect(run('shm-writer', [name, '--layout', `@${header}`, '--set', 'id=7', '--set', 'sym=AB', '-q']).status).toBe(0);
    expect(run('shm-reader', [name, '--tsv']).stdout).toBe('7\t0\tAB\n');
    expect(JSON.parse(run('shm-reader', [name, '--info', '--json']).stdout).layout).toMatchObject({
      spec: 'id:int32,price:float64,sym:char[4]',
      packed: true,
      size: 16,
    });
    // The C emitted for it is the header's struct again.
    expect(run('shm-reader', [name, '--emit', 'c', '--layout', `@${header}`]).stdout).toContain('struct __attribute__((packed)) Tick {');
    const inline = run('shm-reader', [name, '--layout', 'struct { int32_t id; }', '--tsv']);
    expect([inline.status, inline.stdout]).toEqual([0, '7\n']);
  });

  it('reads one of several structs of a header when named after a colon, and refuses to guess', () => {
    const header = path('records.h');
    writeFileSync(header, 'struct Head { uint32_t count; };\ntypedef struct tick { int32_t id; double price; } Tick;\n');
    const name = uniqueName('emit');
    const guess = run('shm-writer', [name, '--layout', `@${header}`]);
    expect([guess.status, guess.stderr]).toEqual([
      2,
      `shm-writer: ${JSON.stringify(header)} declares 2 structs, Head and Tick (tick): name the one to read; say which after the file name: --layout @FILE:NAME\n`,
    ]);
    expect(existsSync(shmPath(name))).toBe(false);
    expect(run('shm-writer', [name, '--layout', `@${header}:tick`, '--set', 'id=3', '-q']).status).toBe(0);
    expect(run('shm-reader', [name, '--emit', 'c']).stdout).toContain('struct Tick {');
    expect(run('shm-reader', [name, '--layout', `@${header}:Head`, '--all', '--tsv']).stdout).toBe('3\n0\n0\n0\n');
    const json = path('pair.json');
    writeFileSync(json, '{"fields": [{"name": "a", "type": "int8"}]}');
    expect(run('shm-reader', [name, '--layout', `@${json}:Pair`]).stderr).toContain(
      'is a JSON layout file: :Pair names a struct of a C header',
    );
  });
});
