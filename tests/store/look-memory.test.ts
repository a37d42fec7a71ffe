import fc from 'fast-check';
import { fingerprints, LookMemory } from '../../src/store/look-memory';

const SIZE = 6;
const PER = 10;

/** A pass over `count` records of `bytes`, batch by batch, as a watch makes it: the indexes reported. */
function look(memory: LookMemory, bytes: Uint8Array, count: number, holes: ReadonlySet<number> = new Set()): number[] {
  const out: number[] = [];
  for (let first = 0, batch = 0; first < count; first += PER, batch++) {
    const n = Math.min(PER, count - first);
    const hole = holes.has(batch);
    const view = hole ? new Uint8Array(n * SIZE) : bytes.slice(first * SIZE, (first + n) * SIZE);
    const changed = memory.compare({ batch, first, count: n, bytes: view, hole });
    out.push(...(changed === 'all' ? Array.from({ length: n }, (_, k) => first + k) : changed));
  }
  return out;
}

const all = (count: number) => Array.from({ length: count }, (_, i) => i);

describe('what a watch remembers between looks', () => {
  it.each([
    ['a copy', { copy: 1 << 20, fingerprints: 1 << 20 }, 0],
    ['a fingerprint per record', { copy: 0, fingerprints: 1 << 20 }, 1],
    ['a fingerprint per 4 records', { copy: 0, fingerprints: 15 }, 4],
  ])('as %s: everything first, then the records that changed, holes as zeros', (_, limits, group) => {
    const count = 45;
    const memory = LookMemory.for(count, SIZE, PER, limits);
    expect(memory.group).toBe(group);
    const bytes = new Uint8Array(count * SIZE);
    expect(look(memory, bytes, count)).toEqual(all(count));
    expect(look(memory, bytes, count)).toEqual([]);
    bytes[13 * SIZE + 5] = 1;
    const near = (i: number) =>
      group <= 1
        ? [i]
        : all(count).filter(
            (k) => Math.floor((k % PER) / group) === Math.floor((i % PER) / group) && Math.floor(k / PER) === Math.floor(i / PER),
          );
    expect(look(memory, bytes, count)).toEqual(near(13));
    // Batch 1 (records 10 to 19) read as a hole: record 13 went back to zeros.
    expect(look(memory, bytes, count, new Set([1]))).toEqual(near(13));
    expect(look(memory, bytes, count, new Set([1]))).toEqual([]);
    expect(look(memory, bytes, count)).toEqual(near(13));
    bytes[44 * SIZE] = 9;
    expect(look(memory, bytes, count)).toEqual(near(44));
  });

  it('never remembers more fingerprints than its limit, however many records', () => {
    for (const count of [1, 99, 1000, 123_457, 10_000_000]) {
      const memory = LookMemory.for(count, 24, 43_690, { copy: 0, fingerprints: 1 << 16 });
      const batches = Math.ceil(count / 43_690);
      expect(batches * Math.ceil(Math.min(43_690, count) / memory.group)).toBeLessThanOrEqual(1 << 16);
    }
  });

  it('reports every record that changed, and only those of a changed group (seeded)', () => {
    const count = 37;
    const step = fc.array(fc.tuple(fc.nat(count * SIZE - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 });
    fc.assert(
      fc.property(fc.constantFrom(0, 5, 40), fc.array(fc.tuple(step, fc.subarray([0, 1, 2, 3])), { maxLength: 8 }), (prints, steps) => {
        const memory = LookMemory.for(count, SIZE, PER, { copy: prints === 0 ? 1 << 20 : 0, fingerprints: prints || 1 });
        const bytes = new Uint8Array(count * SIZE);
        look(memory, bytes, count);
        let seen = bytes.slice();
        for (const [writes, holeBatches] of steps) {
          const holes = new Set(holeBatches);
          for (const [at, value] of writes) bytes[at] = value;
          const now = bytes.slice();
          for (const b of holes) now.fill(0, b * PER * SIZE, (b + 1) * PER * SIZE);
          const changed = all(count).filter(
            (i) => Buffer.compare(seen.subarray(i * SIZE, (i + 1) * SIZE), now.subarray(i * SIZE, (i + 1) * SIZE)) !== 0,
          );
          const reported = look(memory, bytes, count, holes);
          const group = Math.max(memory.group, 1);
          const groupOf = (i: number) => `${Math.floor(i / PER)}:${Math.floor((i % PER) / group)}`;
          expect(reported).toEqual(expect.arrayContaining(changed));
          expect(reported.every((i) => changed.some((c) => groupOf(c) === groupOf(i)))).toBe(true);
          if (memory.group <= 1) expect(reported).toEqual(changed);
          seen = now;
        }
      }),
      { seed: 20261127, numRuns: 300 },
    );
  });

  it('fingerprints tell apart units that differ in one bit, aligned or not', () => {
    const bytes = new Uint8Array(64);
    for (const [offset, unit] of [
      [0, 8],
      [1, 7],
    ]) {
      const base = fingerprints(bytes.subarray(offset), unit, new Uint32Array(32));
      for (let bit = 0; bit < (64 - offset) * 8; bit++) {
        const flipped = bytes.slice(offset);
        flipped[bit >> 3] ^= 1 << (bit & 7);
        const prints = fingerprints(flipped, unit, new Uint32Array(32));
        const u = Math.floor((bit >> 3) / unit) * 2;
        expect([prints[u], prints[u + 1]]).not.toEqual([base[u], base[u + 1]]);
      }
    }
  });
});
