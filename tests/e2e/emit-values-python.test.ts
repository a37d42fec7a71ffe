import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cleanUp, run, shmPath, uniqueName } from '../helpers';
import { emitLayout } from '../../src/text/emit/emit';
import {
  buildFolder,
  expectAllValues,
  expectValues,
  jsonOf,
  layoutFlags,
  readWithTools,
  valueCases,
  writeWithTools,
  type ValueCase,
} from '../emit-cases';

// Records pass both ways between the tools and a Python program built on `shm-reader --emit python`:
// random layouts (a quarter packed, some fields named with words Python reserves) and full-range values.
afterEach(cleanUp);
jest.setTimeout(180_000);

const { path } = buildFolder('shm-emit-python-');
const cases = valueCases(22, 21, 10).map((c) => [c.label, c] as const);

/** A case's records as struct.pack takes them, in field order, arrays flattened: integers as decimal strings, strings as {"s": text}. */
const structValues = ({ layout, records }: ValueCase) =>
  records.map((r) =>
    layout.fields.flatMap((f) => (f.kind === 'char' ? [{ s: r[f.name] }] : f.kind === 'array' ? (r[f.name] as unknown[]) : [r[f.name]])),
  );

// The peer: one Python process reads (or writes) a segment for each layout, with the module
// the emitted declaration makes (peer0.py, peer1.py...); the tools write (or read) each segment.
const PEER = `
import ctypes, importlib, json, os, struct, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
def parts(m):
    kinds = list(vars(m).values())
    T = [v for v in kinds if isinstance(v, type) and issubclass(v, ctypes.Structure) and v is not ctypes.Structure][0]
    return T, [v for v in kinds if isinstance(v, struct.Struct)][0], [name for name, _ in T._fields_]
def text(v):
    if isinstance(v, bytes): return v.decode('utf-8')
    if isinstance(v, bool): return str(int(v))
    if isinstance(v, float): return repr(v)
    if hasattr(v, '__len__'): return ','.join(text(x) for x in v)
    return str(v)
value = lambda v: v['s'].encode() if isinstance(v, dict) else int(v) if isinstance(v, str) else v
mode, paths = sys.argv[1], sys.argv[2:]
written = json.load(sys.stdin) if mode == 'write' else None
for i, path in enumerate(paths):
    T, S, fields = parts(importlib.import_module(f'peer{i}'))
    if mode == 'read':
        data = open(path, 'rb').read()
        for r in range(len(data) // ctypes.sizeof(T)):
            rec = T.from_buffer_copy(data, r * ctypes.sizeof(T))
            for f in fields: print(text(getattr(rec, f).value if hasattr(getattr(rec, f), 'value') else getattr(rec, f)))
    else:
        out = b''.join(S.pack(*[value(v) for v in rec]) for rec in written[i])
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600); os.write(fd, out); os.close(fd)
`;

/** Writes a Python module of each declaration, and the program that uses them all, on a segment each; what it printed, line by line. */
function pythonOn(declarations: readonly string[], mode: 'read' | 'write', names: string[], input?: string): string[] {
  declarations.forEach((d, i) => writeFileSync(path(`peer${i}.py`), d));
  writeFileSync(path('many.py'), PEER);
  const out = execFileSync('python3', [path('many.py'), mode, ...names.map(shmPath)], { encoding: 'utf8', input });
  return out.split('\n').slice(0, -1);
}

const emitted = (c: ValueCase) => emitLayout(c.layout, 'python', c.layout.name);

describe('records pass between Python, built on the declaration, and the tools', () => {
  it.each(cases)('%#: shm-writer writes, Python reads with ctypes: %s', (_, c) => {
    const name = uniqueName('emit');
    writeWithTools(name, c);
    expectValues(c, pythonOn([run('shm-reader', [name, '--emit', 'python']).stdout], 'read', [name]));
  });

  it.each(cases)('%#: Python writes with struct, shm-reader prints: %s', (_, c) => {
    const name = uniqueName('emit');
    const declaration = run('shm-reader', ['--emit', 'python', ...layoutFlags(c.layout), name]).stdout;
    pythonOn([declaration], 'write', [name], jsonOf([structValues(c)]));
    expectValues(c, readWithTools(name, c.layout));
  });
});

describe('records of 100 more random layouts (and every type) pass between Python and the tools, each way', () => {
  it('shm-writer writes 100 segments, one Python process reads them all with ctypes', () => {
    const many = valueCases(23, 24, 100);
    const names = many.map((c) => {
      const name = uniqueName('pymany');
      writeWithTools(name, c);
      return name;
    });
    expectAllValues(many, pythonOn(many.map(emitted), 'read', names));
  });

  it('one Python process writes 100 segments with struct, shm-reader prints each', () => {
    const many = valueCases(25, 26, 100);
    const names = many.map(() => uniqueName('pymany'));
    const values = many.map(structValues);
    pythonOn(many.map(emitted), 'write', names, jsonOf(values));
    many.forEach((c, i) => expectValues(c, readWithTools(names[i], c.layout)));
  });
});
