import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cleanUp, run, shmPath, uniqueName } from '../helpers';
import { buildFolder, expectValues, jsonOf, layoutFlags, readWithTools, valueCases, writeWithTools } from '../emit-cases';

// Records pass both ways between the tools and a Python program built on `shm-reader --emit python`:
// random layouts (a quarter packed, some fields named with words Python reserves) and full-range values.
afterEach(cleanUp);
jest.setTimeout(60_000);

const { path } = buildFolder('shm-emit-python-');
const cases = valueCases(22, 21, 10).map((c) => [c.label, c] as const);

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

describe('records pass between Python, built on the declaration, and the tools', () => {
  it.each(cases)('%#: shm-writer writes, Python reads with ctypes: %s', (_, c) => {
    const name = uniqueName('emit');
    writeWithTools(name, c);
    writeFileSync(path('peer.py'), `${run('shm-reader', [name, '--emit', 'python']).stdout}${PEER}`);
    const out = execFileSync('python3', [path('peer.py'), 'read', shmPath(name)], { encoding: 'utf8' })
      .split('\n')
      .slice(0, -1);
    expectValues(c, out);
  });

  it.each(cases)('%#: Python writes with struct, shm-reader prints: %s', (_, c) => {
    const { layout, records } = c;
    const name = uniqueName('emit');
    writeFileSync(path('peer.py'), `${run('shm-reader', ['--emit', 'python', ...layoutFlags(layout), name]).stdout}${PEER}`);
    const values = records.map((r) =>
      layout.fields.flatMap((f) => (f.kind === 'char' ? [{ s: r[f.name] }] : f.kind === 'array' ? (r[f.name] as unknown[]) : [r[f.name]])),
    );
    execFileSync('python3', [path('peer.py'), 'write', shmPath(name), jsonOf(values)]);
    expectValues(c, readWithTools(name, layout));
  });
});
