import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineLayout, type Layout, type RecordValues } from '../src/model/layout';
import { run } from './helpers';
import { random, randomLayout, same, SCALARS, valueFor, valueLines } from './layout-cases';

// What the tests of `shm-reader --emit` share: a folder to build programs in, the toolchains this
// machine has, seeded random layouts with records for them, and the tools' side of a round trip.

const has = (cmd: string, ...args: string[]) => spawnSync(cmd, args).status === 0;
/** `it` where numpy is installed, else `it.skip`. */
export const withNumpy = has('python3', '-c', 'import numpy') ? it : it.skip;
/** `it` where Go is installed (not in CI), else `it.skip`. */
export const withGo = has('go', 'version') ? it : it.skip;

/**
 * A temporary folder for a test file's programs, made before its tests and removed after them:
 * `path` names a file in it, `build` writes a file there (or in a folder of it) and runs a tool
 * there, failing with what the tool said. Go gets its cache there too.
 */
export function buildFolder(prefix: string) {
  let dir = '';
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), prefix))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    path: (...parts: string[]) => join(dir, ...parts),
    build(file: string, text: string, cmd: string, args: string[], folder = '.'): void {
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, folder, file), text);
      const r = spawnSync(cmd, args, {
        cwd: join(dir, folder),
        encoding: 'utf8',
        env: { ...process.env, GOCACHE: join(dir, 'gocache'), GOFLAGS: '-mod=mod' },
      });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
    },
  };
}

/** Random layouts `L0`, `L1`..., a quarter packed, some fields named with reserved words; seeded per test, so that each can be replayed alone. */
export function layouts(seed: number, n: number): Layout[] {
  const rng = random(seed);
  return Array.from({ length: n }, (_, k) => randomLayout(rng, k, true));
}

/** A layout and two records of it: full-range integers, floats, bools, strings, arrays. */
export interface ValueCase {
  /** The layout as `--layout` takes it, `packed ` before it where packed: for test names. */
  readonly label: string;
  readonly layout: Layout;
  readonly records: RecordValues[];
}

/**
 * `n` random layouts (from `layoutSeed`), then two that hold every type (every scalar, `char[N]`, an
 * array), padded and packed, so that each run covers them all; two records each (values from `valueSeed`).
 */
export function valueCases(layoutSeed: number, valueSeed: number, n: number): ValueCase[] {
  const rng = random(valueSeed);
  const every: Array<readonly [string, string]> = [
    ...SCALARS.map((t, i) => [`t${i}`, t] as const),
    ['text', 'char[7]'],
    ['list', 'int16[3]'],
  ];
  const all = [false, true].map((packed) => defineLayout(packed ? 'EveryPacked' : 'Every', every, packed));
  return [...layouts(layoutSeed, n), ...all].map((layout) => ({
    label: `${layout.packed ? 'packed ' : ''}${layoutFlags(layout)[1]}`,
    layout,
    records: [0, 1].map(() => Object.fromEntries(layout.fields.map((f) => [f.name, valueFor(f, rng)]))),
  }));
}

/** JSON with bigints as decimal strings, as `shm-writer --stdin` takes full-range integers. */
export const jsonOf = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}` : x));

/** The flags that give the tools `layout`. */
export const layoutFlags = (layout: Layout) => [
  '--layout',
  layout.fields.map((f) => `${f.name}:${f.type}`).join(','),
  ...(layout.packed ? ['--packed'] : []),
];

/** Writes `records` as segment `name` with `shm-writer --stdin`, one JSON line each. */
export function writeWithTools(name: string, { layout, records }: ValueCase): void {
  const lines = records.map((r) => `{${layout.fields.map((f) => `${JSON.stringify(f.name)}:${jsonOf(r[f.name])}`).join(',')}}`);
  const w = run('shm-writer', [name, ...layoutFlags(layout), '--stdin', '-q'], { input: lines.join('\n') });
  expect([w.status, w.stderr]).toEqual([0, '']);
}

/** What `shm-reader --all --tsv` prints of segment `name`: every field of every record, in order. */
export function readWithTools(name: string, layout: Layout): string[] {
  const r = run('shm-reader', [name, ...layoutFlags(layout), '--all', '--tsv']);
  expect([r.status, r.stderr]).toEqual([0, '']);
  // Not trimmed: the last field may be an empty string, or end in a space.
  return r.stdout
    .split('\n')
    .slice(0, -1)
    .flatMap((line) => line.split('\t'));
}

/** Expects `printed` (each field of each record, in order) to be the records' values. */
export function expectValues({ layout, records }: ValueCase, printed: string[]): void {
  expect(same(layout, printed)).toEqual(
    same(
      layout,
      records.flatMap((r) => valueLines(layout, r)),
    ),
  );
}

/** Expects the lines a program printed for all `cases`, one after another, to be their records' values. */
export function expectAllValues(cases: readonly ValueCase[], lines: string[]): void {
  let at = 0;
  for (const c of cases) {
    const n = c.records.length * c.layout.fields.length;
    expectValues(c, lines.slice(at, at + n));
    at += n;
  }
  expect(lines.length).toBe(at);
}

/** The fields of an emitted Rust or Go struct, in order, as that language names and types them (Go's padding left out). */
export function declaredFields(declaration: string, language: 'rust' | 'go'): Array<{ name: string; type: string }> {
  const pattern = language === 'rust' ? /^ {4}pub (\S+): (.+),$/gm : /^\t(\S+) +(\S+)/gm;
  return [...declaration.matchAll(pattern)].map(([, name, type]) => ({ name, type })).filter((f) => f.name !== '_');
}
