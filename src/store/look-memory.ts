/** Records watched up to this many bytes are remembered as an exact copy; beyond, as fingerprints. */
export const COPY_LIMIT = 64 << 20;
/** The most fingerprints remembered (8 bytes each: 64 MiB), whatever the segment's size. */
export const MAX_FINGERPRINTS = 1 << 23;

/** One batch of a look: the records from `first`, as bytes, and whether they lie in a hole (all zeros, not read). */
export interface LookBatch {
  /** The batch's number in the pass, from 0. */
  readonly batch: number;
  readonly first: number;
  readonly count: number;
  readonly bytes: Uint8Array;
  readonly hole: boolean;
}

/**
 * What a watch remembers of its last look, in at most 64 MiB however large the segment:
 * batches of zeros (holes included) as nothing, up to {@link COPY_LIMIT} of records as their
 * bytes, more as one 64-bit fingerprint per group of {@link group} records (at most
 * {@link MAX_FINGERPRINTS}), so that a change in a group reports the whole group.
 */
export class LookMemory {
  private readonly copies: Array<Uint8Array | null | undefined> = [];
  private readonly prints: Array<Uint32Array | null | undefined> = [];
  private zeros = new Uint8Array(0);
  private scratch = new Uint32Array(0);

  private constructor(
    private readonly size: number,
    /** Records per fingerprint; 0 where the records are remembered as a copy. */
    readonly group: number,
  ) {}

  /** The memory for watching `count` records of `size` bytes, read in batches of `per` records; `limits` for tests. */
  static for(count: number, size: number, per: number, limits = { copy: COPY_LIMIT, fingerprints: MAX_FINGERPRINTS }): LookMemory {
    if (count * size <= limits.copy) return new LookMemory(size, 0);
    // Fingerprints never span two batches: each batch has ceil(per / group) of them.
    const batches = Math.ceil(count / per);
    let group = Math.max(1, Math.ceil(count / limits.fingerprints));
    while (batches * Math.ceil(Math.min(per, count) / group) > limits.fingerprints) group++;
    return new LookMemory(size, group);
  }

  /** Compares a batch with what the last look saw of it, remembers it, and returns the indexes of the records that changed, or `all` (so the first time). */
  compare({ batch, first, count, bytes, hole }: LookBatch): number[] | 'all' {
    const now = hole || Buffer.compare(bytes, this.zerosOf(bytes.length)) === 0 ? null : bytes;
    return this.group === 0 ? this.compareCopy(batch, first, count, now) : this.comparePrints(batch, first, count, now);
  }

  /** Exact: the batch's bytes against the copy of the last look (null: zeros). */
  private compareCopy(batch: number, first: number, count: number, bytes: Uint8Array | null): number[] | 'all' {
    const old = this.copies[batch];
    const length = count * this.size;
    const changed =
      old === undefined
        ? 'all'
        : old === null && bytes === null
          ? []
          : changedRecords(old ?? this.zerosOf(length), bytes ?? this.zerosOf(length), this.size, first);
    if (bytes === null) this.copies[batch] = null;
    else if (old) old.set(bytes);
    else this.copies[batch] = bytes.slice();
    return changed;
  }

  /** By fingerprint: one per group of records, against those of the last look (null: zeros). */
  private comparePrints(batch: number, first: number, count: number, bytes: Uint8Array | null): number[] | 'all' {
    const { group, size } = this;
    const old = this.prints[batch];
    const units = 2 * Math.ceil(count / group);
    // Into scratch space, then over the last look's: a look allocates nothing that outlives it.
    if (this.scratch.length < units) this.scratch = new Uint32Array(units);
    const now = bytes === null ? null : fingerprints(bytes, size * group, this.scratch.subarray(0, units));
    let changed: number[] | 'all';
    if (old === undefined) changed = 'all';
    else if (old === null && now === null) changed = [];
    else {
      const before = old ?? this.zeroPrints(count);
      const after = now ?? this.zeroPrints(count);
      changed = [];
      for (let u = 0; u < after.length; u += 2) {
        if (before[u] === after[u] && before[u + 1] === after[u + 1]) continue;
        const from = (u / 2) * group;
        for (let k = from; k < Math.min(from + group, count); k++) changed.push(first + k);
      }
    }
    if (now === null) this.prints[batch] = null;
    else if (old) old.set(now);
    else this.prints[batch] = now.slice();
    return changed;
  }

  private readonly zeroPrintsOf = new Map<number, Uint32Array>();

  /** The fingerprints of a batch of `count` records of zeros. */
  private zeroPrints(count: number): Uint32Array {
    let prints = this.zeroPrintsOf.get(count);
    if (prints === undefined) {
      const zeros = this.zerosOf(count * this.size);
      prints = fingerprints(zeros, this.size * this.group, new Uint32Array(2 * Math.ceil(count / this.group)));
      this.zeroPrintsOf.set(count, prints);
    }
    return prints;
  }

  /** `length` zero bytes. */
  private zerosOf(length: number): Uint8Array {
    if (this.zeros.length < length) this.zeros = new Uint8Array(length);
    return this.zeros.subarray(0, length);
  }
}

/** Indexes of the records that differ between two copies of the records from `first` on. */
function changedRecords(previous: Uint8Array, current: Uint8Array, size: number, first: number): number[] {
  // Compare in large blocks first: a million unchanged records cost a few memcmp, not a million.
  const block = size * 4096;
  const out: number[] = [];
  for (let start = 0; start < current.length; start += block) {
    const end = Math.min(start + block, current.length);
    if (Buffer.compare(previous.subarray(start, end), current.subarray(start, end)) === 0) continue;
    for (let o = start; o < end; o += size) {
      if (Buffer.compare(previous.subarray(o, o + size), current.subarray(o, o + size)) !== 0) out.push(first + o / size);
    }
  }
  return out;
}

/**
 * Two 32-bit lanes of a fingerprint (murmur3's mixing) for each `unit` bytes of `bytes` (the last
 * unit may be shorter), into `out`. Not cryptographic: it tells a change from no change, missing
 * one with a chance of about 2^-64.
 */
export function fingerprints(bytes: Uint8Array, unit: number, out: Uint32Array): Uint32Array {
  const aligned = bytes.byteOffset % 4 === 0 && unit % 4 === 0;
  const words = aligned ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2) : undefined;
  for (let s = 0, u = 0; s < bytes.length; s += unit, u += 2) {
    const e = Math.min(s + unit, bytes.length);
    let a = 0x9e3779b9 ^ (e - s);
    let b = 0x85ebca6b;
    let p = s;
    if (words !== undefined) {
      for (let w = s >>> 2, end = (s >>> 2) + ((e - s) >>> 2); w < end; w++, p += 4) {
        const x = words[w];
        a = Math.imul(a ^ x, 0xcc9e2d51);
        a = (a << 15) | (a >>> 17);
        b = Math.imul(b + x, 0x1b873593);
        b = (b << 13) | (b >>> 19);
      }
    }
    for (; p < e; p++) {
      const x = bytes[p] | 0x100;
      a = Math.imul(a ^ x, 0xcc9e2d51);
      a = (a << 15) | (a >>> 17);
      b = Math.imul(b + x, 0x1b873593);
      b = (b << 13) | (b >>> 19);
    }
    out[u] = mix(a ^ Math.imul(b, 0x27d4eb2f));
    out[u + 1] = mix(b ^ Math.imul(a, 0x165667b1));
  }
  return out;
}

/** murmur3's final avalanche of 32 bits. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
