/** The peers `npm run bench` measures us against: C references built with gcc here, the real Python interpreter, od. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Python interpreter itself: a version manager's shim (a shell script) would add its own start-up to every run. */
export function realPython(): string {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('python3 is needed for the bench');
  return r.stdout.trim();
}

/** Builds `scripts/bench-ref.c` with gcc -O2 into `dir`; returns the program's path. */
export function buildReference(root: string, dir: string): string {
  const out = join(dir, 'bench-ref');
  const r = spawnSync('gcc', ['-O2', '-o', out, join(root, 'scripts', 'bench-ref.c')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc could not build the C reference: ${r.stderr}`);
  return out;
}

const ATTACH = `import struct, sys
from multiprocessing import resource_tracker, shared_memory
def attach(name, size=0):
    shm = shared_memory.SharedMemory(name=name, create=size > 0, size=size)
    resource_tracker.unregister(shm._name, "shared_memory")  # before 3.13 it would unlink at exit
    return shm
`;

/** The Python peers, as a Python programmer would write them with the standard library, written into `dir`. */
export function pythonPeers(dir: string): { record: string; dump: string; load: string } {
  const file = (name: string, code: string) => {
    const path = join(dir, name);
    writeFileSync(path, `${ATTACH}${code}`);
    return path;
  };
  return {
    record: file(
      'record.py',
      `shm = attach(sys.argv[1])
a, b, c = struct.unpack_from("=qqq", shm.buf, 0)
print('{"Col1":%d,"Col2":%d,"Col3":%d}' % (a, b, c))
shm.close()
`,
    ),
    dump: file(
      'dump.py',
      `shm = attach(sys.argv[1])
n, out, step = shm.size // 24, sys.stdout.write, 43690
for start in range(0, n, step):
    end = min(n, start + step)
    out("".join(f"{a}\\t{b}\\t{c}\\n" for a, b, c in struct.iter_unpack("=qqq", shm.buf[start * 24 : end * 24])))
shm.close()
`,
    ),
    // Told how many records come, as it must create the segment at its size.
    load: file(
      'load.py',
      `shm = attach(sys.argv[1], int(sys.argv[2]) * 24)
pack, buf = struct.Struct("=qqq").pack_into, shm.buf
for i, line in enumerate(sys.stdin.buffer):
    a, b, c = line.split(b"\\t")
    pack(buf, i * 24, int(a), int(b), int(c))
shm.close()
`,
    ),
  };
}
