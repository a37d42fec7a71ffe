import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCStruct } from '../../src/model/c-struct';
import { emitLayout } from '../../src/text/emit/emit';
import type { Field, Layout, RecordValues } from '../../src/model/layout';
import type { ScalarType } from '../../src/model/scalars';
import { cleanUp, intRange, run, shmPath, uniqueName } from '../helpers';
import { random, randomLayout, same, valueFor, valueLines } from '../layout-cases';

/** What C calls each type: written here, from <stdint.h> and <stdbool.h>, not taken from the code under test. */
const C_NAMES: Readonly<Record<ScalarType, string>> = {
  int8: 'int8_t',
  uint8: 'uint8_t',
  int16: 'int16_t',
  uint16: 'uint16_t',
  int32: 'int32_t',
  uint32: 'uint32_t',
  int64: 'int64_t',
  uint64: 'uint64_t',
  float32: 'float',
  float64: 'double',
  bool: 'bool',
};
const cDeclaration = (f: Field) =>
  f.kind === 'char' ? `char ${f.name}[${f.count}]` : `${C_NAMES[f.element]} ${f.name}${f.kind === 'array' ? `[${f.count}]` : ''}`;
const struct = (layout: Layout) =>
  `struct ${layout.packed ? '__attribute__((packed)) ' : ''}${layout.name} { ${layout.fields.map((f) => `${cDeclaration(f)};`).join(' ')} };`;
const C_HEAD =
  '#define _POSIX_C_SOURCE 200809L\n#include <fcntl.h>\n#include <inttypes.h>\n#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <stdio.h>\n#include <string.h>\n#include <sys/mman.h>\n#include <unistd.h>\n';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'shm-layouts-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(cleanUp);

function compileAndRun(name: string, source: string, args: string[] = []): string {
  const c = join(dir, `${name}.c`);
  writeFileSync(c, source);
  execFileSync('gcc', ['-std=c11', '-O1', '-Wall', '-Werror', '-o', join(dir, name), c, '-lrt']);
  return execFileSync(join(dir, name), args, { encoding: 'utf8' });
}

describe('the codec lays out structs exactly as gcc does', () => {
  it('agrees on sizeof and every offsetof of 300 random layouts, a quarter of them packed', () => {
    const rng = random(2026);
    const layouts = Array.from({ length: 300 }, (_, n) => randomLayout(rng, n));
    const prints = layouts.map(
      (l) =>
        `printf("%zu${l.fields.map(() => ' %zu').join('')}\\n", sizeof(struct ${l.name})${l.fields.map((f) => `, offsetof(struct ${l.name}, ${f.name})`).join('')});`,
    );
    const out = compileAndRun(
      'offsets',
      `${C_HEAD}${layouts.map(struct).join('\n')}\nint main(void) {\n${prints.join('\n')}\nreturn 0; }\n`,
    );
    const ours = layouts.map((l) => [l.size, ...l.fields.map((f) => f.offset)].join(' '));
    expect(out.trim().split('\n')).toEqual(ours);
    // The same structs, as C text, read by --layout's C import: the same layouts, so gcc's offsets too.
    for (const l of layouts) expect(parseCStruct(struct(l), 'test')).toEqual(l);
  });
});

function cLiteral(field: Field, value: RecordValues[string]): string {
  const scalar = (v: bigint | number | boolean): string => {
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return field.element === 'float32' ? `${v.toPrecision(9)}f` : v.toPrecision(17);
    if (field.element === 'int64' && v === intRange('int64').min) return 'INT64_MIN';
    return `${v}${field.element.startsWith('u') ? 'ULL' : 'LL'}`;
  };
  if (field.kind === 'char') return JSON.stringify(value);
  if (field.kind === 'array') return `{${(value as (bigint | number | boolean)[]).map(scalar).join(', ')}}`;
  return scalar(value as bigint | number | boolean);
}

/** C statements printing a record's fields, one line each: integers in decimal, floats with every digit. */
function cPrint(layout: Layout, at: string): string {
  const one = (f: Field, expr: string) =>
    f.element === 'float32' || f.element === 'float64'
      ? `printf("%.17g", (double)${expr});`
      : f.element === 'bool'
        ? `printf("%d", (int)${expr});`
        : f.element.startsWith('u')
          ? `printf("%" PRIu64, (uint64_t)${expr});`
          : `printf("%" PRId64, (int64_t)${expr});`;
  return layout.fields
    .map((f) => {
      if (f.kind === 'char') return `printf("%.*s", (int)strnlen(${at}.${f.name}, ${f.count}), ${at}.${f.name}); printf("\\n");`;
      if (f.kind === 'array')
        return `for (int i = 0; i < ${f.count}; i++) { if (i) printf(","); ${one(f, `${at}.${f.name}[i]`)} } printf("\\n");`;
      return `${one(f, `${at}.${f.name}`)} printf("\\n");`;
    })
    .join('\n');
}

const spec = (layout: Layout) => layout.fields.map((f) => `${f.name}:${f.type}`).join(',');
const packed = (layout: Layout) => (layout.packed ? ['--packed'] : []);

// The C programs share the struct `shm-reader --emit c` writes (the offsets test above uses its own).
describe('records of random layouts pass between C and the tools, value for value', () => {
  const rng = random(7);
  const cases = Array.from({ length: 12 }, (_, n) => {
    const layout = randomLayout(rng, n);
    return [
      `${layout.packed ? 'packed ' : ''}${spec(layout)}`,
      layout,
      [0, 1].map(() => Object.fromEntries(layout.fields.map((f) => [f.name, valueFor(f, rng)]))),
    ] as const;
  });

  it.each(cases)('%#: C fills, shm-reader prints: %s', (_spec, layout, records) => {
    const name = uniqueName('cfill');
    const fill = `${C_HEAD}${emitLayout(layout, 'c', layout.name)}
int main(void) {
  struct ${layout.name} recs[2] = { ${records.map((r) => `{ ${layout.fields.map((f) => `.${f.name} = ${cLiteral(f, r[f.name])}`).join(', ')} }`).join(', ')} };
  int fd = shm_open("/${name}", O_RDWR | O_CREAT, 0600);
  if (fd < 0 || ftruncate(fd, sizeof recs) < 0) return 1;
  void *p = mmap(NULL, sizeof recs, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) return 1;
  memcpy(p, recs, sizeof recs);
  return 0;
}
`;
    compileAndRun(`fill${layout.name}`, fill);
    const r = run('shm-reader', ['--name', name, '--layout', spec(layout), ...packed(layout), '--all', '--tsv']);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    lines.forEach((line, i) => expect(same(layout, line.split('\t'))).toEqual(same(layout, valueLines(layout, records[i]))));
  });

  it.each(cases)('%#: shm-writer writes, C prints: %s', (_spec, layout, records) => {
    const name = uniqueName('cread');
    const json = records
      .map(
        (r) =>
          `{${layout.fields.map((f) => `${JSON.stringify(f.name)}:${JSON.stringify(r[f.name], (_k, v) => (typeof v === 'bigint' ? `${v}` : v))}`).join(',')}}`,
      )
      .join('\n');
    const w = run('shm-writer', ['--name', name, '--layout', spec(layout), ...packed(layout), '--stdin', '-q'], { input: json });
    expect([w.status, w.stderr]).toEqual([0, '']);
    const read = `${C_HEAD}${emitLayout(layout, 'c', layout.name)}
int main(void) {
  int fd = shm_open("/${name}", O_RDONLY, 0);
  if (fd < 0) return 1;
  struct ${layout.name} *p = mmap(NULL, 2 * sizeof *p, PROT_READ, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) return 1;
  for (int r = 0; r < 2; r++) {
${cPrint(layout, 'p[r]')}
  }
  return 0;
}
`;
    const out = compileAndRun(`read${layout.name}`, read).split('\n').slice(0, -1);
    expect(same(layout, out)).toEqual(
      same(
        layout,
        records.flatMap((r) => valueLines(layout, r)),
      ),
    );
  });
});

describe('layout errors are caught before anything is opened', () => {
  it.each([
    ['a:int8,b:quad', 'unknown field type "quad"'],
    ['a:int8,a:int16', 'two fields named a'],
    ['a:char', 'unknown field type "char"'],
    ['a:bool[2]', 'unknown field type "bool[2]"'],
    ['a:int8[0]', 'N must be from 1'],
    ['a int8', 'write fields as name:type'],
    ['', 'write fields as name:type'],
    ['1a:int8', 'is not a C identifier'],
    ['@/nonexistent/layout.json', 'cannot read layout file'],
  ])('--layout %j: %s', (spec, message) => {
    const name = uniqueName('badlayout');
    for (const tool of ['shm-writer', 'shm-reader'] as const) {
      const r = run(tool, ['--name', name, '--layout', spec]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(spawnSync('test', ['-e', `/dev/shm/${name}`]).status).toBe(1);
  });
});

describe('every format carries every type, floats bit for bit', () => {
  const L = 'f:float32,d:float64,b:bool,s:char[6],a:float64[3],u:uint64';
  const lines = [
    '0.1\t0.1\ttrue\ttab\\tx\tNaN,-0,Infinity\t18446744073709551615',
    '-Infinity\t5e-324\tfalse\t\t1e+21,-1.5,3.4028234663852886e+38\t0',
    '3.4028235e+38\t-0\ttrue\tüber\t0.30000000000000004,1,2\t9007199254740993',
  ];

  it.each(['--tsv', '--json'])('writes with --stdin, prints with %s, and copies to identical bytes', (format) => {
    const a = uniqueName('types');
    const b = uniqueName('types');
    expect(run('shm-writer', ['--name', a, '--layout', L, '--stdin', '-q'], { input: lines.join('\n') }).status).toBe(0);
    expect(run('shm-reader', ['--name', a, '--layout', L, '--all', '--tsv']).stdout).toBe(`${lines.join('\n')}\n`);
    const dump = run('shm-reader', ['--name', a, '--layout', L, '--all', format]).stdout;
    expect(run('shm-writer', ['--name', b, '--layout', L, '--stdin', '-q'], { input: dump }).status).toBe(0);
    expect(readFileSync(shmPath(b)).equals(readFileSync(shmPath(a)))).toBe(true);
  });

  it('prints JSON that JSON.parse reads, non-finite floats as strings', () => {
    const name = uniqueName('types');
    run('shm-writer', ['--name', name, '--layout', L, '--stdin', '-q'], { input: lines[0] });
    expect(JSON.parse(run('shm-reader', ['--name', name, '--layout', L, '--json']).stdout)).toEqual({
      f: 0.1,
      d: 0.1,
      b: true,
      s: 'tab\tx',
      a: ['NaN', -0, 'Infinity'],
      u: 18446744073709552000,
    });
  });

  it('sets single fields with --set, keeping the others, and prints bare values with --field', () => {
    const name = uniqueName('types');
    run('shm-writer', ['--name', name, '--layout', L, '--stdin', '-q'], { input: lines[0] });
    expect(run('shm-writer', ['--name', name, '--layout', L, '--set', 'd=-2.5', '--set', 'a=1,2,3', '-q']).status).toBe(0);
    const field = (f: string) => run('shm-reader', ['--name', name, '--layout', L, '--field', f]).stdout;
    expect([field('f'), field('d'), field('a'), field('s'), field('u')]).toEqual([
      '0.1\n',
      '-2.5\n',
      '1,2,3\n',
      'tab\\tx\n',
      '18446744073709551615\n',
    ]);
    const tooLong = run('shm-writer', ['--name', name, '--layout', L, '--set', 's=seven!!']);
    expect([tooLong.status, tooLong.stderr]).toEqual([
      2,
      'shm-writer: s must be a string of at most 6 bytes of UTF-8 with no NUL (char[6]), not "seven!!"\n',
    ]);
  });
});
