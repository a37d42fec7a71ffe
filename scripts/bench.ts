/**
 * `npm run bench`: our tools against what a user would otherwise use, side by side in one run,
 * interleaved, as medians and ratios (ours / theirs), at 1M, 10M and 50M records of bench-like and
 * of seeded full-range values. `--quick` runs 1M only, `--startup` start-up and `--list` only;
 * `--json` prints the results as one JSON object, to compare runs later. Nothing here is a unit test.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildReference, pythonPeers, realPython } from './bench-peers';
import { compare, peakMiB, race, sameFiles, time, type Command, type Result } from './bench-run';
import { idleCpu, pipedLines, watchAtScale, watchLatency } from './bench-watch';

const ROOT = join(__dirname, '..');
const quick = process.argv.includes('--quick');
const asJson = process.argv.includes('--json');
const startupOnly = process.argv.includes('--startup');
const SIZES = quick ? [1_000_000] : [1_000_000, 10_000_000, 50_000_000];
/** Where the issue's targets apply: 10M full-range records (1M with --quick). */
const TARGET_SIZE = quick ? 1_000_000 : 10_000_000;
/** Python takes minutes and gigabytes past this: it is left out above it. */
const PYTHON_MAX = 10_000_000;
const SEED = 20261127;
const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
// It adds about 0.1 s to every Node start on these machines and would hide our own start-up.
delete env.NODE_EXTRA_CA_CERTS;
/** Our tools without their WebAssembly loops: what they win, measured in the same run. */
const JS_ONLY: NodeJS.ProcessEnv = { SHM_TOOLS_WASM: '0' };

const dir = mkdtempSync(join(tmpdir(), 'shm-bench-'));
const tag = `bench-${process.pid}`;
const made = new Set<string>();
const seg = (what: string) => {
  const name = `${tag}-${what}`;
  made.add(name);
  return name;
};
const shm = (name: string) => `/dev/shm/${name}`;
const unlink = (name: string) => () => rmSync(shm(name), { force: true });
const node = process.execPath;
const bin = (tool: string) => join(ROOT, 'bin', `${tool}.js`);
const ours = (tool: string, ...args: string[]): readonly string[] => [node, bin(tool), ...args];
const rounds = (records: number) => (records <= 1_000_000 ? 5 : 3);

const python = realPython();
const ref = buildReference(ROOT, dir);
const py = pythonPeers(dir);
const results: Result[] = [];
/** Each result as it comes, on stderr, so that a long run shows its progress (and a late failure loses nothing). */
const add = (r: Result) => {
  results.push(r);
  if (!asJson) console.error(`  ${r.case}: ${r.ours.toFixed(1)} ms, ${r.against} ${r.theirs.toFixed(1)} ms, ratio ${r.ratio.toFixed(2)}`);
};
/** Times by case, data and size, for the linearity of each case: ours, and the C references' as yardsticks (keys from `C `). */
const oursAt = new Map<string, Map<number, number>>();
const keep = (key: string, records: number, ms: number) => oursAt.set(key, (oursAt.get(key) ?? new Map()).set(records, ms));
const memory: Record<string, number> = {};

function startUp(): void {
  const one = seg('one');
  spawnSync(node, [bin('shm-writer'), '--name', one, '-q'], { env });
  const cases: Command[] = [
    { label: 'one record, human, colour on', argv: ours('shm-reader', '--name', one), env: { FORCE_COLOR: '1' } },
    { label: 'one record, --json', argv: ours('shm-reader', '--name', one, '--json') },
    { label: 'one record, human, piped', argv: ours('shm-reader', '--name', one) },
    { label: '--help', argv: ours('shm-reader', '--help') },
    { label: '--version', argv: ours('shm-reader', '--version') },
    { label: 'node -e 0', argv: [node, '-e', '0'] },
    { label: 'C reader', argv: [ref, 'read-one', one] },
    { label: 'python3 shared_memory', argv: [python, py.record, one] },
  ];
  const t = race(cases, 60, env);
  const [node0, c, python3] = t.slice(5);
  for (let i = 0; i < 5; i++) add(compare(`start-up: ${cases[i].label}`, t[i], 'node -e 0', node0, i === 3 ? 1.4 : 1.25));
  add(compare('start-up: one record, --json', t[1], 'the C reader', c));
  add(compare('start-up: one record, --json', t[1], 'python3 shared_memory', python3));
}

function bulk(records: number, data: 'bench' | 'full'): void {
  const label = `${records / 1e6}M ${data === 'full' ? 'full-range' : 'bench-like'}`;
  const targets = data === 'full' && records === TARGET_SIZE;
  const tsv = join(dir, `${label}.tsv`);
  const json = join(dir, `${label}.json`);
  spawnSync(ref, ['gen', `${records}`, data, `${SEED}`], { stdio: ['ignore', openSync(tsv, 'w'), 'inherit'] });
  const source = seg('source');
  spawnSync(node, [bin('shm-writer'), '--name', source, '--stdin', '-q'], { env, stdio: [openSync(tsv, 'r'), 'ignore', 'inherit'] });
  spawnSync(node, [bin('shm-reader'), '--name', source, '--all', '--json'], { env, stdio: ['ignore', openSync(json, 'w'), 'inherit'] });
  const out = (what: string) => join(dir, `out-${what}`);
  const withPython = records <= PYTHON_MAX;
  const withJs = records <= TARGET_SIZE;
  // Timed with the output thrown away (/dev/null): a file on disk would time the disk too.
  const reads: Command[] = [
    { label: 'ours', argv: ours('shm-reader', '--name', source, '--all', '--tsv') },
    { label: 'json', argv: ours('shm-reader', '--name', source, '--all', '--json') },
    { label: 'itoa', argv: [ref, 'read-itoa', source] },
    { label: 'printf', argv: [ref, 'read-printf', source] },
    { label: 'od', argv: ['od', '-An', '-t', 'd8', '-w24', '-v', shm(source)] },
    ...(withJs ? [{ label: 'js', argv: ours('shm-reader', '--name', source, '--all', '--tsv'), env: JS_ONLY }] : []),
    ...(withPython ? [{ label: 'py', argv: [python, py.dump, source] }] : []),
  ];
  const times = race(reads, rounds(records), env);
  const r = (label: string) => times[reads.findIndex((c) => c.label === label)];
  // Then once more into a file each: what every TSV reader printed is the same text, the input itself.
  for (const c of reads.filter((c) => c.label !== 'json' && c.label !== 'od')) {
    time({ ...c, stdout: out(c.label) }, env);
    if (!sameFiles(out(c.label), tsv)) throw new Error(`${c.label} printed other text than the input (${label})`);
    rmSync(out(c.label));
  }
  const read = `bulk read, TSV: ${label}`;
  add(compare(read, r('ours'), 'C, hand-written itoa', r('itoa'), targets ? 2.0 : undefined, records));
  add(compare(read, r('ours'), 'C, printf', r('printf'), undefined, records));
  add(compare(read, r('ours'), 'od -t d8', r('od'), targets ? 0.5 : undefined, records));
  if (withJs) add(compare(read, r('ours'), 'our JavaScript path', r('js'), undefined, records));
  if (withPython) add(compare(read, r('ours'), 'python3 iter_unpack', r('py'), undefined, records));
  add(compare(`bulk read, JSON: ${label}`, r('json'), 'our TSV', r('ours'), targets ? 1.3 : undefined, records));
  keep(`read tsv ${data}`, records, r('ours'));
  keep(`read json ${data}`, records, r('json'));
  keep(`C itoa reader ${data}`, records, r('itoa'));

  const target = (who: string) => seg(`load-${who}`);
  const loads: Command[] = [
    { label: 'ours', argv: ours('shm-writer', '--name', target('ours'), '--stdin', '-q'), stdin: tsv, before: unlink(target('ours')) },
    {
      label: 'json',
      argv: ours('shm-writer', '--name', target('json'), '--stdin', '--input-format', 'json', '-q'),
      stdin: json,
      before: unlink(target('json')),
    },
    ...(withJs
      ? [
          {
            label: 'js',
            argv: ours('shm-writer', '--name', target('js'), '--stdin', '-q'),
            stdin: tsv,
            env: JS_ONLY,
            before: unlink(target('js')),
          },
        ]
      : []),
    { label: 'fast', argv: [ref, 'load-fast', target('fast')], stdin: tsv },
    { label: 'strtoll', argv: [ref, 'load-strtoll', target('strtoll')], stdin: tsv },
    ...(withPython ? [{ label: 'py', argv: [python, py.load, target('py'), `${records}`], stdin: tsv, before: unlink(target('py')) }] : []),
  ];
  const loadTimes = race(loads, rounds(records), env);
  const w = (label: string) => loadTimes[loads.findIndex((c) => c.label === label)];
  for (const who of loads.map((c) => c.label)) {
    if (!sameFiles(shm(target(who)), shm(source))) throw new Error(`the segment ${who} loaded differs (${label})`);
  }
  const write = `bulk write, TSV: ${label}`;
  add(compare(write, w('ours'), 'C, hand-written parser', w('fast'), targets ? 2.5 : undefined, records));
  add(compare(write, w('ours'), 'C, strtoll', w('strtoll'), undefined, records));
  if (withJs) add(compare(write, w('ours'), 'our JavaScript path', w('js'), undefined, records));
  if (withPython) add(compare(write, w('ours'), 'python3 pack_into', w('py'), targets ? 0.5 : undefined, records));
  add(compare(`bulk write, JSON lines: ${label}`, w('json'), 'our TSV', w('ours'), targets ? 2.0 : undefined, records));
  keep(`write tsv ${data}`, records, w('ours'));
  keep(`write json ${data}`, records, w('json'));
  keep(`C hand-written loader ${data}`, records, w('fast'));

  if (records === SIZES[SIZES.length - 1] && data === 'full') {
    memory.readMiB = peakMiB(reads[0], env, python);
    memory.writeMiB = peakMiB(loads[0], env, python);
    memory.records = records;
  }
  for (const name of [source, ...['ours', 'json', 'js', 'fast', 'strtoll', 'py'].map(target)]) unlink(name)();
  for (const file of [tsv, json, ...['ours', 'json', 'itoa', 'printf', 'od', 'py'].map(out)]) rmSync(file, { force: true });
}

/** `--list` among 5,000 segments, against `ls -l` of /dev/shm. */
function listing(): void {
  const names = Array.from({ length: 5000 }, (_, i) => seg(`list-${i}`));
  for (const [i, name] of names.entries()) {
    const fd = openSync(shm(name), 'w', 0o600);
    ftruncateSync(fd, 24 * (1 + (i % 1000)));
    closeSync(fd);
  }
  const t = race(
    [
      { label: 'list', argv: ours('shm-reader', '--list') },
      { label: 'ls', argv: ['ls', '-l', '/dev/shm'] },
    ],
    9,
    env,
  );
  add(compare('--list, 5,000 segments', t[0], 'ls -l /dev/shm', t[1], 3.0));
  for (const name of names) unlink(name)();
}

async function watching(): Promise<Record<string, unknown>> {
  const w = seg('watch');
  const lines = join(dir, 'watch.tsv');
  spawnSync(ref, ['gen', '1000000', 'bench', `${SEED}`], { stdio: ['ignore', openSync(lines, 'w'), 'inherit'] });
  spawnSync(node, [bin('shm-writer'), '--name', w, '--stdin', '-q'], { env, stdio: [openSync(lines, 'r'), 'ignore', 'inherit'] });
  const reader = bin('shm-reader');
  // Both read through the same pipe by this process, which counts the lines: the same work on either side.
  const looks: Array<Awaited<ReturnType<typeof watchAtScale>>> = [];
  const dumps: number[] = [];
  for (let r = 0; r < 5; r++) {
    looks.push(await watchAtScale(reader, w, env, 1_000_000));
    dumps.push(await pipedLines(reader, ['--name', w, '--all', '--tsv'], env, 1_000_000));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const firstLook = looks.sort((a, b) => a.linesMs - b.linesMs)[looks.length >> 1];
  add(compare('--watch of 1M records: the first look printed', firstLook.linesMs, 'the same --all dump', median(dumps), 2.0, 1_000_000));
  const out = {
    latency: {
      one: await watchLatency(reader, w, env, 10, 500),
      tenThousand: await watchLatency(reader, w, env, 10, 200, ['--count', '10000']),
      million: await watchLatency(reader, w, env, 100, 50, ['--all']),
    },
    idleCpu: {
      one: await idleCpu(reader, ['--name', w], env, 1000, 10),
      million: await idleCpu(reader, ['--name', w, '--all', '--tsv'], env, 8000, 10),
    },
    firstLookMiB: firstLook.peakMiB,
  };
  if (quick) return out;
  // A full 1 GiB segment of random values (its whole first look), and a 24 GiB sparse one (its first 10M records).
  const gib = seg('gib');
  spawnSync('head', ['-c', `${2 ** 30}`, '/dev/urandom'], { stdio: ['ignore', openSync(shm(gib), 'w'), 'inherit'] });
  const huge = seg('huge');
  spawnSync(node, [bin('shm-writer'), '--name', huge, '--size', '24G', '-q'], { env });
  return {
    ...out,
    gib: await watchAtScale(reader, gib, env, Math.floor(2 ** 30 / 24)),
    sparse24: await watchAtScale(reader, huge, env, 10_000_000),
  };
}

async function main(): Promise<void> {
  startUp();
  listing();
  if (!startupOnly) for (const records of SIZES) for (const data of ['bench', 'full'] as const) bulk(records, data);
  const watch = startupOnly ? {} : await watching();
  const linearity = [...oursAt].flatMap(([what, at]) =>
    at.has(50_000_000) && at.has(10_000_000)
      ? [
          {
            case: what,
            ratio: (at.get(50_000_000) as number) / (at.get(10_000_000) as number),
            ...(what.startsWith('C ') ? {} : { target: '<= 5.5' }),
          },
        ]
      : [],
  );
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    python: spawnSync(python, ['--version'], { encoding: 'utf8' }).stdout.trim(),
    gcc: spawnSync('gcc', ['-dumpfullversion'], { encoding: 'utf8' }).stdout.trim(),
  };
  const report = { date: new Date().toISOString(), quick, machine, results, linearity, memory, watch };
  if (asJson) console.log(JSON.stringify(report));
  else printReport(report);
}

function printReport(r: {
  date: string;
  machine: Record<string, unknown>;
  results: Result[];
  linearity: Array<{ case: string; ratio: number }>;
  memory: Record<string, number>;
  watch: Record<string, unknown>;
}): void {
  const m = r.machine;
  console.log(`${r.date}: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Linux ${m.kernel}, Node ${m.node}, ${m.python}, gcc ${m.gcc}`);
  console.log(
    '\n| case | ours (ms) | ns/record | against | theirs (ms) | ours / theirs | target | met |\n|---|---|---|---|---|---|---|---|',
  );
  for (const x of r.results) {
    const ns = x.records === undefined ? '' : ((x.ours * 1e6) / x.records).toFixed(0);
    console.log(
      `| ${x.case} | ${x.ours.toFixed(1)} | ${ns} | ${x.against} | ${x.theirs.toFixed(1)} | ${x.ratio.toFixed(2)} | ${x.target ?? ''} | ${x.met === undefined ? '' : x.met ? 'yes' : 'NO'} |`,
    );
  }
  if (r.linearity.length > 0)
    console.log(
      `\n50M / 10M time (target <= 5.5 for ours; the C references are the yardstick): ${r.linearity.map((l) => `${l.case} ${l.ratio.toFixed(2)}`).join(', ')}.`,
    );
  if (r.memory.records !== undefined)
    console.log(
      `Peak RSS at ${(r.memory.records / 1e6).toFixed(0)}M full-range records: bulk read ${r.memory.readMiB.toFixed(0)} MiB, bulk write ${r.memory.writeMiB.toFixed(0)} MiB (target <= 100 MB).`,
    );
  console.log(`--watch: ${JSON.stringify(r.watch)}`);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const name of made) unlink(name)();
    rmSync(dir, { recursive: true, force: true });
  });
