import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layout as defineTyped } from '../../src/model/layout';
import { sameLayout } from '../../src/model/layout-spec';
import { emitLayout, type EmitLanguage } from '../../src/text/emit/emit';
import { cleanUp, run, shmPath, uniqueName } from '../helpers';
import { random, randomLayout, same, valueFor, valueLines } from '../layout-cases';

// `shm-reader --emit LANG`: the declarations are checked by the real toolchains. Each language's
// declaration asserts its size and every offset at compile time (or, in Python, when it runs), so
// that a build of many random layouts (a quarter packed, some fields named with reserved words)
// proves they agree with ours; records then pass both ways between peers and the tools.
afterEach(cleanUp);
jest.setTimeout(180_000);

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'shm-emit-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const has = (cmd: string, ...args: string[]) => spawnSync(cmd, args).status === 0;
const withNumpy = has('python3', '-c', 'import numpy') ? it : it.skip;
const withGo = has('go', 'version') ? it : it.skip;

/** Random layouts, seeded per language so that each can be replayed alone. */
const layouts = (seed: number, n: number) => {
  const rng = random(seed);
  return Array.from({ length: n }, (_, k) => randomLayout(rng, k, true));
};
/** Type names some language reserves: the first layouts get them, the others their own (L<n>). */
const RESERVED_TYPES = ['Self', 'None', 'type', 'class', 'match', 'struct', 'True', 'fn', 'linux', 'func'];
const emitted = (language: EmitLanguage, seed: number, n: number) =>
  layouts(seed, n).map((l, k) => emitLayout(l, language, RESERVED_TYPES[k] ?? l.name, `/${l.name.toLowerCase()}`));

/** Writes `file` (in `dir`, or in a folder of it) and runs `cmd` there; fails with what the tool said. */
function build(file: string, text: string, cmd: string, args: string[], folder = '.'): void {
  mkdirSync(join(dir, folder), { recursive: true });
  writeFileSync(join(dir, folder, file), text);
  const r = spawnSync(cmd, args, {
    cwd: join(dir, folder),
    encoding: 'utf8',
    env: { ...process.env, GOCACHE: join(dir, 'gocache'), GOFLAGS: '-mod=mod' },
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
}

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

describe('records pass between Python, built on the declaration, and the tools', () => {
  const rng = random(21);
  const cases = layouts(22, 10).map(
    (l) =>
      [
        `${l.packed ? 'packed ' : ''}${l.fields.map((f) => `${f.name}:${f.type}`).join(',')}`,
        l,
        [0, 1].map(() => Object.fromEntries(l.fields.map((f) => [f.name, valueFor(f, rng)]))),
      ] as const,
  );
  // The peer: the emitted declaration, then `read` (ctypes: print each field of each record) or
  // `write` (struct: pack the values given as JSON, into the segment).
  const PEER = `
import json, os, sys
T = [v for k, v in list(globals().items()) if isinstance(v, type) and issubclass(v, ctypes.Structure) and v is not ctypes.Structure][0]
S = [v for v in list(globals().values()) if isinstance(v, struct.Struct)][0]
fields = [name for name, _ in T._fields_]
def text(v):
    if isinstance(v, bytes): return v.decode('utf-8')
    if isinstance(v, bool): return str(int(v))
    if isinstance(v, float): return repr(v)
    if hasattr(v, '__len__'): return ','.join(text(x) for x in v)
    return str(v)
if sys.argv[1] == 'read':
    data = open(sys.argv[2], 'rb').read()
    for r in range(2):
        rec = T.from_buffer_copy(data, r * ctypes.sizeof(T))
        for f in fields: print(text(getattr(rec, f).value if hasattr(getattr(rec, f), 'value') else getattr(rec, f)))
else:
    # Values in field order, arrays flattened: integers as decimal strings, strings as {"s": text}.
    value = lambda v: v['s'].encode() if isinstance(v, dict) else int(v) if isinstance(v, str) else v
    out = b''.join(S.pack(*[value(v) for v in rec]) for rec in json.loads(sys.argv[3]))
    fd = os.open(sys.argv[2], os.O_CREAT | os.O_RDWR, 0o600); os.write(fd, out); os.close(fd)
`;

  it.each(cases)('%#: shm-writer writes, Python reads with ctypes: %s', (_, layout, records) => {
    const name = uniqueName('emit');
    const spec = ['--layout', layout.fields.map((f) => `${f.name}:${f.type}`).join(','), ...(layout.packed ? ['--packed'] : [])];
    const lines = records.map((r) => `{${layout.fields.map((f) => `${JSON.stringify(f.name)}:${jsonOf(r[f.name])}`).join(',')}}`);
    expect(run('shm-writer', [name, ...spec, '--stdin', '-q'], { input: lines.join('\n') }).status).toBe(0);
    writeFileSync(join(dir, 'peer.py'), `${run('shm-reader', [name, '--emit', 'python']).stdout}${PEER}`);
    const out = execFileSync('python3', [join(dir, 'peer.py'), 'read', shmPath(name)], { encoding: 'utf8' })
      .split('\n')
      .slice(0, -1);
    expect(same(layout, out)).toEqual(
      same(
        layout,
        records.flatMap((r) => valueLines(layout, r)),
      ),
    );
  });

  it.each(cases)('%#: Python writes with struct, shm-reader prints: %s', (_, layout, records) => {
    const name = uniqueName('emit');
    const spec = ['--layout', layout.fields.map((f) => `${f.name}:${f.type}`).join(','), ...(layout.packed ? ['--packed'] : [])];
    writeFileSync(join(dir, 'peer.py'), `${run('shm-reader', ['--emit', 'python', ...spec, name]).stdout}${PEER}`);
    const values = records.map((r) =>
      layout.fields.flatMap((f) => (f.kind === 'char' ? [{ s: r[f.name] }] : f.kind === 'array' ? (r[f.name] as unknown[]) : [r[f.name]])),
    );
    execFileSync('python3', [join(dir, 'peer.py'), 'write', shmPath(name), jsonOf(values)]);
    const r = run('shm-reader', [name, ...spec, '--all', '--tsv']);
    expect(r.stderr).toBe('');
    const printed = r.stdout
      .trim()
      .split('\n')
      .flatMap((l) => l.split('\t'));
    expect(same(layout, printed)).toEqual(
      same(
        layout,
        records.flatMap((rec) => valueLines(layout, rec)),
      ),
    );
  });
});

describe('records pass from the tools to Rust, built on the declaration', () => {
  it('Rust reads what shm-writer wrote, value for value, for 8 random layouts', () => {
    const rng = random(51);
    const cases = Array.from({ length: 8 }, (_, k) => {
      const layout = randomLayout(rng, k);
      const records = [0, 1].map(() => Object.fromEntries(layout.fields.map((f) => [f.name, valueFor(f, rng)])));
      const name = uniqueName('rust');
      const lines = records.map((r) => `{${layout.fields.map((f) => `${JSON.stringify(f.name)}:${jsonOf(r[f.name])}`).join(',')}}`);
      const spec = ['--layout', layout.fields.map((f) => `${f.name}:${f.type}`).join(','), ...(layout.packed ? ['--packed'] : [])];
      expect(run('shm-writer', [name, ...spec, '--stdin', '-q'], { input: lines.join('\n') }).status).toBe(0);
      return { layout, records, name };
    });
    // Each field copied out of the (maybe packed) struct first, then printed as shm-reader prints it in TSV.
    const show = (f: (typeof cases)[number]['layout']['fields'][number]) =>
      f.kind === 'char'
        ? `{ let v = rec.${f.name}; let end = v.iter().position(|&b| b == 0).unwrap_or(v.len()); println!("{}", String::from_utf8_lossy(&v[..end])); }`
        : f.kind === 'array'
          ? `{ let v = rec.${f.name}; println!("{}", v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")); }`
          : `{ let v = rec.${f.name}; println!("{}", v); }`;
    const readers = cases.map(
      ({ layout }, k) => `fn read${k}(path: &str) {
    let data = std::fs::read(path).unwrap();
    for r in 0..2 {
        let rec: ${layout.name} = unsafe { std::ptr::read_unaligned(data.as_ptr().add(r * std::mem::size_of::<${layout.name}>()) as *const ${layout.name}) };
        ${layout.fields.map(show).join('\n        ')}
    }
}`,
    );
    const source = `#![allow(dead_code, non_snake_case)]
${cases.map(({ layout }) => emitLayout(layout, 'rust', layout.name)).join('\n')}
${readers.join('\n')}
fn main() {
    let args: Vec<String> = std::env::args().collect();
    ${cases.map((_, k) => `read${k}(&args[${k + 1}]);`).join('\n    ')}
}
`;
    build('read.rs', source, 'rustc', ['--edition', '2021', '-o', 'read-rs', 'read.rs']);
    const out = execFileSync(
      join(dir, 'read-rs'),
      cases.map((c) => shmPath(c.name)),
      { encoding: 'utf8' },
    ).split('\n');
    let at = 0;
    for (const { layout, records } of cases) {
      const n = 2 * layout.fields.length;
      expect(same(layout, out.slice(at, at + n))).toEqual(
        same(
          layout,
          records.flatMap((r) => valueLines(layout, r)),
        ),
      );
      at += n;
    }
  });
});

const jsonOf = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}` : x));

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
    const header = join(dir, 'tick.h');
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
});
