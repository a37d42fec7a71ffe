/**
 * `npm run bench`: our tools against what a user would otherwise use, side by side in one run,
 * alternating, as medians and ratios (ours / theirs) with the machine's details. `--json` prints
 * the same results as one JSON object, to compare runs later. Nothing here is a unit test.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { idleCpu, watchAtScale, watchLatency } from './bench-watch';

const ROOT = join(__dirname, '..');
const RECORDS = 1_000_000;
const asJson = process.argv.includes('--json');
const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
// It adds about 0.1 s to every Node start on these machines and would hide our own start-up.
delete env.NODE_EXTRA_CA_CERTS;

const dir = mkdtempSync(join(tmpdir(), 'shm-bench-'));
const tag = `bench-${process.pid}`;
const seg = {
  one: `${tag}-one`,
  big: `${tag}-big`,
  ours: `${tag}-w-ours`,
  py: `${tag}-w-py`,
  sparse: `${tag}-sparse`,
  watch: `${tag}-watch`,
  gib: `${tag}-gib`,
  huge: `${tag}-huge`,
};
const bin = (tool: string) => join(ROOT, 'bin', `${tool}.js`);
const py = (name: string, code: string) => {
  const path = join(dir, name);
  writeFileSync(path, code);
  return path;
};
const ATTACH = `import struct, sys
from multiprocessing import resource_tracker, shared_memory
def attach(name, size=0):
    shm = shared_memory.SharedMemory(name=name, create=size > 0, size=size)
    resource_tracker.unregister(shm._name, "shared_memory")  # before 3.13 it would unlink at exit
    return shm
`;
const pyRecord = py(
  'record.py',
  `${ATTACH}shm = attach(sys.argv[1])
a, b, c = struct.unpack_from("=qqq", shm.buf, 0)
print('{"Col1":%d,"Col2":%d,"Col3":%d}' % (a, b, c))
shm.close()
`,
);
const pyDump = py(
  'dump.py',
  `${ATTACH}shm = attach(sys.argv[1])
n = shm.size // 24
sys.stdout.write("".join(f"{a}\\t{b}\\t{c}\\n" for a, b, c in struct.iter_unpack("=qqq", shm.buf[: n * 24])))
shm.close()
`,
);
const pyLoad = py(
  'load.py',
  `${ATTACH}lines = [l for l in sys.stdin.buffer.read().split(b"\\n") if l]
shm = attach(sys.argv[1], len(lines) * 24)
pack, buf = struct.Struct("=qqq").pack_into, shm.buf
for i, line in enumerate(lines):
    a, b, c = line.split(b"\\t")
    pack(buf, i * 24, int(a), int(b), int(c))
shm.close()
`,
);
const peak = py(
  'peak.py',
  `import resource, subprocess, sys
stdin = open(sys.argv[1], "rb") if sys.argv[1] != "-" else None
r = subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if r.returncode == 0 else -1)
`,
);

interface Command {
  readonly label: string;
  readonly argv: readonly string[];
  readonly stdin?: string;
  readonly stdout?: string;
  readonly before?: () => void;
}

/** Runs a command once, returning its wall time in ms; it must succeed. */
function time(cmd: Command): number {
  cmd.before?.();
  const fds = [cmd.stdin ? openSync(cmd.stdin, 'r') : 'ignore', cmd.stdout ? openSync(cmd.stdout, 'w') : 'ignore', 'inherit'] as const;
  const options: SpawnSyncOptions = { env, stdio: [...fds] };
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd.argv[0], cmd.argv.slice(1), options);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  for (const fd of fds) if (typeof fd === 'number') closeSync(fd);
  if (r.status !== 0) throw new Error(`${cmd.label} failed (${r.status ?? r.signal}): ${cmd.argv.join(' ')}`);
  return ms;
}

/** Runs the commands in turn, `rounds` times, and gives each one's median. */
function race(commands: readonly Command[], rounds: number): number[] {
  const times = commands.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) commands.forEach((c, i) => times[i].push(time(c)));
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
}

const shm = (name: string) => `/dev/shm/${name}`;
const unlink = (name: string) => () => rmSync(shm(name), { force: true });
const tokens = (path: string) => readFileSync(path, 'utf8').trim().split(/\s+/);

interface Result {
  readonly case: string;
  readonly ours: number;
  readonly against: string;
  readonly theirs: number;
  readonly ratio: number;
  readonly target: string;
  readonly met: boolean;
}
const results: Result[] = [];
/** Records ours / theirs against its target: at most `most`, or below it when `strictly`. */
const compare = (name: string, ours: number, against: string, theirs: number, most: number, strictly = false) =>
  results.push({
    case: name,
    ours,
    against,
    theirs,
    ratio: ours / theirs,
    target: `${strictly ? '<' : '<='} ${+most.toFixed(3)}`,
    met: strictly ? ours / theirs < most : ours / theirs <= most,
  });

async function main(): Promise<void> {
  spawnSync(process.execPath, [bin('shm-writer'), '--name', seg.one, '-q'], { env });
  const reader1: Command = { label: 'shm-reader one record', argv: [process.execPath, bin('shm-reader'), '--name', seg.one, '--json'] };
  const [ours1, node0, python1] = race(
    [
      reader1,
      { label: 'node -e 0', argv: [process.execPath, '-e', '0'] },
      { label: 'python3 record', argv: ['python3', pyRecord, seg.one] },
    ],
    30,
  );
  compare('start-up: one record as JSON', ours1, 'node -e 0', node0, 1.5);
  compare('start-up: one record as JSON', ours1, 'python3 shared_memory', python1, 1, true);

  const tsv = join(dir, 'records.tsv');
  writeFileSync(tsv, Array.from({ length: RECORDS }, (_, i) => `${i * 7919 - 3_000_000}\t${-i}\t${i * 2 ** 31}\n`).join(''));
  spawnSync(process.execPath, [bin('shm-writer'), '--name', seg.big, '--stdin', '-q'], { env, input: readFileSync(tsv) });
  const outs = { ours: join(dir, 'ours.tsv'), od: join(dir, 'od.txt'), py: join(dir, 'py.tsv') };
  const dumps: Command[] = [
    {
      label: 'shm-reader --all --tsv',
      argv: [process.execPath, bin('shm-reader'), '--name', seg.big, '--all', '--tsv'],
      stdout: outs.ours,
    },
    { label: 'od', argv: ['od', '-An', '-t', 'd8', '-w24', '-v', shm(seg.big)], stdout: outs.od },
    { label: 'python3 iter_unpack', argv: ['python3', pyDump, seg.big], stdout: outs.py },
  ];
  const [oursRead, odRead, pyRead] = race(dumps, 7);
  const same = [outs.od, outs.py].every((o) => tokens(o).join(' ') === tokens(outs.ours).join(' '));
  if (!same) throw new Error('the dumps differ after normalising whitespace');
  compare(`bulk read: ${RECORDS} records as text`, oursRead, 'od -t d8', odRead, 0.5);
  compare(`bulk read: ${RECORDS} records as text`, oursRead, 'python3 iter_unpack', pyRead, 1 / 1.5);

  const loads: Command[] = [
    {
      label: 'shm-writer --stdin',
      argv: [process.execPath, bin('shm-writer'), '--name', seg.ours, '--stdin', '-q'],
      stdin: tsv,
      before: unlink(seg.ours),
    },
    { label: 'python3 pack_into', argv: ['python3', pyLoad, seg.py], stdin: tsv, before: unlink(seg.py) },
  ];
  const [oursWrite, pyWrite] = race(loads, 7);
  if (!readFileSync(shm(seg.ours)).equals(readFileSync(shm(seg.py)))) throw new Error('the loaded segments differ');
  compare(`bulk write: ${RECORDS} records from text`, oursWrite, 'python3 pack_into', pyWrite, 0.5);

  const rss = (stdin: string, argv: string[]) =>
    Number(spawnSync('python3', [peak, stdin, ...argv], { env, encoding: 'utf8' }).stdout) / 1024;
  unlink(seg.ours)();
  const memory = {
    readMiB: rss('-', [process.execPath, bin('shm-reader'), '--name', seg.big, '--all', '--tsv']),
    writeMiB: rss(tsv, [process.execPath, bin('shm-writer'), '--name', seg.ours, '--stdin', '-q']),
    sparseKiB:
      (spawnSync(process.execPath, [bin('shm-writer'), '--name', seg.sparse, '--size', '4G', '-q'], { env }),
      statSync(shm(seg.sparse)).blocks / 2),
  };

  spawnSync(process.execPath, [bin('shm-writer'), '--name', seg.watch, '-q'], { env });
  const watch = {
    latency10: await watchLatency(bin('shm-reader'), seg.watch, env, 10, 2000),
    latency100: await watchLatency(bin('shm-reader'), seg.watch, env, 100, 200),
    idleCpuOne: await idleCpu(bin('shm-reader'), ['--name', seg.one], env, 1000, 3),
    idleCpuMillion: await idleCpu(bin('shm-reader'), ['--name', seg.big, '--all', '--tsv'], env, 8000, 3),
  };
  // A full 1 GiB segment of random values (its whole first look), and a 24 GiB sparse one (its first 10M records).
  spawnSync('head', ['-c', `${2 ** 30}`, '/dev/urandom'], { stdio: ['ignore', openSync(shm(seg.gib), 'w'), 'inherit'] });
  spawnSync(process.execPath, [bin('shm-writer'), '--name', seg.huge, '--size', '24G', '-q'], { env });
  const scale = {
    gib: await watchAtScale(bin('shm-reader'), seg.gib, env, Math.floor(2 ** 30 / 24)),
    sparse24: await watchAtScale(bin('shm-reader'), seg.huge, env, 10_000_000),
  };
  unlink(seg.gib)();
  unlink(seg.huge)();

  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
  };
  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (asJson) {
    console.log(JSON.stringify({ date: new Date().toISOString(), machine: { ...machine, python }, results, memory, watch, scale }));
  } else {
    console.log(
      `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}, ${python}`,
    );
    console.log('\n| case | ours (ms) | against | theirs (ms) | ours / theirs | target | met |\n|---|---|---|---|---|---|---|');
    for (const r of results) {
      console.log(
        `| ${r.case} | ${r.ours.toFixed(1)} | ${r.against} | ${r.theirs.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.target} | ${r.met ? 'yes' : 'NO'} |`,
      );
    }
    console.log(
      `\nPeak RSS: bulk read ${memory.readMiB.toFixed(1)} MiB, bulk write ${memory.writeMiB.toFixed(1)} MiB (target < 120 MiB each).`,
    );
    console.log(`A fresh 4 GiB segment with one record occupies ${memory.sparseKiB} KiB of /dev/shm (target <= 8 KiB).`);
    const ms = (l: { median: number; p99: number }) => `median ${l.median.toFixed(1)} ms, 99th percentile ${l.p99.toFixed(1)} ms`;
    console.log(
      `--watch, write to print: ${ms(watch.latency10)} at --interval 10 (2000 writes); ${ms(watch.latency100)} at --interval 100 (200 writes).`,
    );
    console.log(
      `--watch CPU while nothing changes, --interval 100: ${watch.idleCpuOne.toFixed(1)}% of a core for one record, ${watch.idleCpuMillion.toFixed(1)}% for ${RECORDS} records.`,
    );
    for (const [what, s] of [
      ['a full 1 GiB segment, its whole first look', scale.gib],
      ['a 24 GiB sparse segment, its first 10,000,000 records', scale.sparse24],
    ] as const) {
      console.log(
        `--all --watch on ${what}: first line after ${s.firstLineMs.toFixed(0)} ms, peak RSS ${s.peakMiB.toFixed(0)} MiB (target < 200), Ctrl-C ended it in ${s.stopMs.toFixed(0)} ms (target <= 200).`,
      );
    }
  }
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const name of Object.values(seg)) unlink(name)();
    rmSync(dir, { recursive: true, force: true });
  });
