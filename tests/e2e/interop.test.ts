import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanUp, ROOT, run, snapshot, uniqueName } from '../helpers';

const EXTREMES: Array<[string, string, string]> = [
  ['100', '876', '8021'],
  ['-9223372036854775808', '-1', '0'],
  ['9007199254740993', '9223372036854775807', '-9007199254740993'],
];

let dir: string;
let cPeer: string;
const pyPeer = join(ROOT, 'tests', 'peers', 'mydata.py');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shm-interop-'));
  cPeer = join(dir, 'mydata');
  execFileSync('gcc', ['-std=c11', '-O2', '-Wall', '-Werror', '-o', cPeer, join(ROOT, 'tests', 'peers', 'mydata.c'), '-lrt']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(cleanUp);

const peers: Array<[string, (args: string[]) => ReturnType<typeof spawnSync>]> = [
  ['a C program built with gcc', (args) => spawnSync(cPeer, args, { encoding: 'utf8' })],
  ['python3 multiprocessing.shared_memory', (args) => spawnSync('python3', [pyPeer, ...args], { encoding: 'utf8' })],
];

describe.each(peers)('with %s', (_label, peer) => {
  it.each(EXTREMES)('reads what shm-writer wrote: %s %s %s', (c1, c2, c3) => {
    const name = uniqueName('interop');
    const w = run('shm-writer', ['--name', name, '--size', '4K', '--index', '3', '--col1', c1, '--col2', c2, '--col3', c3]);
    expect(w.status).toBe(0);
    const r = peer(['read', `/${name}`, '3']);
    expect([r.status, r.stdout]).toEqual([0, `${c1} ${c2} ${c3}\n`]);
  });

  it.each(EXTREMES)('writes what shm-reader reads: %s %s %s', (c1, c2, c3) => {
    const name = uniqueName('interop');
    expect(run('shm-writer', ['--name', name, '--index', '2', '-q']).status).toBe(0);
    const w = peer(['write', `/${name}`, '1', c1, c2, c3]);
    expect(w.status).toBe(0);
    const r = run('shm-reader', ['--name', name, '--index', '1', '--json']);
    expect(r.stdout).toBe(`{"Col1":${c1},"Col2":${c2},"Col3":${c3}}\n`);
    expect(run('shm-reader', ['--name', name, '--index', '1', '--field', 'Col2']).stdout).toBe(`${c2}\n`);
  });

  it('leaves the segment in place after attaching to it', () => {
    const name = uniqueName('interop');
    run('shm-writer', ['--name', name]);
    expect(peer(['read', `/${name}`, '0']).status).toBe(0);
    expect(snapshot(name)).not.toBeNull();
  });
});
