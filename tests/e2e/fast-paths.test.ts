import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { bin, cleanUp, run, seededRandom, shmPath, testSeed, uniqueName } from '../helpers';

afterEach(cleanUp);

const WASM_OFF = { SHM_TOOLS_WASM: '0' };
const LAYOUT = 'a:int8,b:uint64,c:int16,d:int64,e:uint32';
const RANGES: ReadonlyArray<readonly [bigint, bigint]> = [
  [-128n, 127n],
  [0n, 2n ** 64n - 1n],
  [-32768n, 32767n],
  [-(2n ** 63n), 2n ** 63n - 1n],
  [0n, 2n ** 32n - 1n],
];

/** Seeded lines of the layout, full range, with what the loops must hand back to JavaScript mixed in. */
function input(seed: number, lines: number, odd: boolean): string {
  const random = seededRandom(seed);
  const value = ([min, max]: readonly [bigint, bigint]) => {
    const pick = random();
    if (pick < 0.1) return min;
    if (pick < 0.2) return max;
    return min + ((BigInt(Math.floor(random() * 2 ** 32)) * 2n ** 32n + BigInt(Math.floor(random() * 2 ** 32))) % (max - min + 1n));
  };
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const values = RANGES.map(value);
    const roll = random();
    if (odd && roll < 0.01) out.push('');
    else if (odd && roll < 0.02) out.push(`${values.join('\t')}\r`);
    else if (odd && roll < 0.03) out.push(`{"a":${values[0]},"b":${values[1]},"c":${values[2]},"d":${values[3]},"e":${values[4]}}`);
    else if (odd && roll < 0.04)
      out.push(`{ "e": ${values[4]}, "a": ${values[0]}, "d": "${values[3]}", "c": ${values[2]}, "b": ${values[1]} }`);
    else if (odd && roll < 0.05) out.push(`${values.slice(0, 4).join('\t')}\t00000000000000000000${values[4]}`);
    else out.push(values.join('\t'));
  }
  return `${out.join('\n')}\n`;
}

/** The writer's and reader's results for `text`, with the WebAssembly loops or without. */
function roundTrip(text: string, env: NodeJS.ProcessEnv) {
  const name = uniqueName('fast');
  const write = run('shm-writer', ['--name', name, '--layout', LAYOUT, '--stdin', '-q'], { input: text, env });
  const segment = write.status === 0 || write.status === 2 ? readFileSync(shmPath(name)) : null;
  const tsv = run('shm-reader', ['--name', name, '--layout', LAYOUT, '--all', '--tsv', '-q'], { env });
  const json = run('shm-reader', ['--name', name, '--layout', LAYOUT, '--all', '--json', '-q'], { env });
  return { write: [write.status, write.stderr], segment, tsv: tsv.stdout, json: json.stdout };
}

describe('the WebAssembly loops and the JavaScript paths give the same bytes, through the tools', () => {
  const seed = testSeed();

  it(`on 60,000 full-range lines in chunks of 64 KiB, with blank, CRLF, JSON and odd lines among them (seed ${seed})`, () => {
    const text = input(seed, 60_000, true);
    const fast = roundTrip(text, {});
    expect(fast.write).toEqual([0, '']);
    expect(roundTrip(text, WASM_OFF)).toEqual(fast);
  });

  it('on plain lines, which read back as written', () => {
    const text = input(seed + 1, 30_000, false);
    const fast = roundTrip(text, {});
    expect(fast.tsv).toBe(text);
    expect(roundTrip(text, WASM_OFF)).toEqual(fast);
  });

  it.each([
    ['a value out of its range', '128\t0\t0\t0\t0'],
    ['a field too many', '1\t2\t3\t4\t5\t6'],
    ['a 21-digit value', '1\t100000000000000000000\t0\t0\t0'],
  ])('at a bad line deep in the input (%s): the same error, and the same records before it', (_, bad) => {
    const lines = input(seed + 2, 40_000, false).split('\n');
    lines.splice(33_333, 0, bad);
    const text = lines.join('\n');
    const fast = roundTrip(text, {});
    expect(fast.write[0]).toBe(2);
    expect(fast.write[1]).toMatch(/^shm-writer: line 33334: /);
    expect(roundTrip(text, WASM_OFF)).toEqual(fast);
  });

  it('at the last record slots, stops at the first line there is no room for, and says so (no loop without end)', () => {
    const lastSlots = Math.floor(Number.MAX_SAFE_INTEGER / 24) - 2;
    const text = Array.from({ length: 3000 }, (_, i) => `${i}\t${-i}\t${i}`).join('\n');
    for (const env of [{}, WASM_OFF]) {
      const name = uniqueName('room');
      const w = spawnSync(process.execPath, [bin('shm-writer'), name, '--stdin', '--index', `${lastSlots}`, '-q'], {
        input: text,
        encoding: 'utf8',
        timeout: 20000,
        killSignal: 'SIGKILL',
        env: { ...process.env, ...env },
      });
      expect([w.signal, w.status]).toEqual([null, 2]);
      expect(w.stderr).toMatch(
        /^shm-writer: line 3: record index \d+ is out of range: .*; records \d+ to \d+ \(2\) were written before it\n$/,
      );
    }
  });
});
