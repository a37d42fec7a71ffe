import { MY_DATA } from '../../src/model/layout';
import { ShmError } from '../../src/model/errors';
import { writeChunks, type RecordChunk } from '../../src/store/bulk';
import { readRecords, streamRecords } from '../../src/store/read';
import { watchRecords, type Changes } from '../../src/store/watch';
import { writeRecord } from '../../src/store/write-record';
import { cleanUp, snapshot, uniqueName } from '../helpers';

afterEach(cleanUp);

/** Chunks of MyData records (i, -i, 7i) from `first`, `per` records a chunk, then `fail` if given. */
async function* records(first: number, n: number, per: number, fail?: ShmError): AsyncGenerator<RecordChunk> {
  const bytes = new Uint8Array(per * 24);
  const view = new DataView(bytes.buffer);
  for (let i = first; i < first + n; i += per) {
    const count = Math.min(per, first + n - i);
    for (let k = 0; k < count; k++) [1, -1, 7].forEach((m, f) => view.setBigInt64(k * 24 + f * 8, BigInt(m * (i + k)), true));
    yield { bytes, count };
  }
  if (fail !== undefined) throw fail;
}

const write = (name: string, values: Record<string, bigint>, index = 0, size?: number) =>
  writeRecord({ name: `/${name}`, layout: MY_DATA, index, values, create: 'if-missing', size });

describe('writeRecord and readRecords', () => {
  it('write fields given, keep the others, and read back in batches', () => {
    const name = uniqueName('store');
    write(name, { Col1: 1n, Col2: 2n, Col3: 3n }, 2);
    expect(write(name, { Col2: 20n }, 2).record).toEqual({ Col1: 1n, Col2: 20n, Col3: 3n });
    const batches = [...readRecords({ name: `/${name}`, layout: MY_DATA, count: 'all' })];
    expect(batches.flatMap((b) => b.records)).toEqual([
      { Col1: 0n, Col2: 0n, Col3: 0n },
      { Col1: 0n, Col2: 0n, Col3: 0n },
      { Col1: 1n, Col2: 20n, Col3: 3n },
    ]);
  });

  it('refuses a size below the record, as a fact the tools word their own way', () => {
    const name = uniqueName('store');
    try {
      write(name, { Col1: 1n }, 4, 50);
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toMatchObject({ code: 'EUSAGE', details: { reason: 'size-too-small', size: 50, index: 4, needed: 120 } });
      expect((err as Error).message).not.toContain('--');
    }
    expect(snapshot(name)).toBeNull();
  });

  it('streams every record in batches, and says how far it got', async () => {
    const name = uniqueName('store');
    await writeChunks({ name: `/${name}`, layout: MY_DATA, index: 0, create: 'if-missing' }, records(0, 100_000, 4096));
    const seen: number[] = [];
    const n = await streamRecords({ name: `/${name}`, layout: MY_DATA, count: 'all' }, (b) => seen.push(b.count));
    expect(n).toBe(100_000);
    expect(seen).toEqual([43690, 43690, 12620]);
  });
});

describe('writeChunks', () => {
  it('writes every chunk to consecutive slots from the index', async () => {
    const name = uniqueName('store');
    const result = await writeChunks({ name: `/${name}`, layout: MY_DATA, index: 5, create: 'if-missing' }, records(0, 10, 4));
    expect(result).toEqual({ name: `/${name}`, index: 5, written: 10, size: 15 * 24, created: true });
    const [{ records: back }] = [...readRecords({ name: `/${name}`, layout: MY_DATA, index: 14 })];
    expect(back).toEqual([{ Col1: 9n, Col2: -9n, Col3: 63n }]);
  });

  it('when its input fails, keeps what was written and says how far it got', async () => {
    const name = uniqueName('store');
    const bad = ShmError.usage('line 12: bad', { line: 12 });
    await expect(
      writeChunks({ name: `/${name}`, layout: MY_DATA, index: 0, create: 'if-missing' }, records(0, 10, 4, bad)),
    ).rejects.toMatchObject({
      code: 'EUSAGE',
      message: 'line 12: bad; records 0 to 9 (10) were written before it',
      details: { line: 12, written: { first: 0, count: 10 } },
    });
    expect(snapshot(name)?.size).toBe(240);
  });

  it('an interruption before anything is written leaves nothing behind', async () => {
    const name = uniqueName('store');
    await expect(
      writeChunks(
        { name: `/${name}`, layout: MY_DATA, index: 0, create: 'if-missing' },
        records(0, 0, 4, ShmError.interrupted('after line 0')),
      ),
    ).rejects.toMatchObject({ code: 'EINTR', message: 'interrupted after line 0: nothing was written' });
    expect(snapshot(name)).toBeNull();
  });
});

describe('watchRecords', () => {
  it('reports every record at first, then only those that changed, until its signal aborts', async () => {
    const name = uniqueName('store');
    await writeChunks({ name: `/${name}`, layout: MY_DATA, index: 0, create: 'if-missing' }, records(0, 50_000, 4096));
    const controller = new AbortController();
    const looks: Array<Pick<Changes, 'indexes' | 'firstIndex'>> = [];
    let changed = false;
    await watchRecords(
      { name: `/${name}`, layout: MY_DATA, count: 'all', intervalMs: 1, signal: controller.signal },
      ({ indexes, firstIndex }) => {
        looks.push({ indexes: [...indexes], firstIndex });
        if (!changed) {
          // After the first look's batches, change two records, in two batches; stop once both are seen.
          if (firstIndex + indexes.length < 50_000) return;
          changed = true;
          write(name, { Col2: 1n }, 7);
          write(name, { Col2: 1n }, 45_000);
        } else if (
          looks
            .slice(2)
            .flatMap((l) => l.indexes)
            .includes(45_000)
        )
          controller.abort();
      },
    );
    expect(looks.slice(0, 2).map((l) => [l.firstIndex, l.indexes.length])).toEqual([
      [0, 43690],
      [43690, 6310],
    ]);
    expect(looks.slice(2).flatMap((l) => l.indexes)).toEqual([7, 45_000]);
  });

  it('says what it watches when it starts, and the size after each look', async () => {
    const name = uniqueName('store');
    write(name, { Col1: 1n }, 3);
    const controller = new AbortController();
    const events: unknown[] = [];
    let looks = 0;
    await watchRecords(
      {
        name: `/${name}`,
        layout: MY_DATA,
        index: 1,
        count: 'all',
        intervalMs: 1,
        signal: controller.signal,
        onStart: (watched) => events.push(watched),
        onLook: ({ time, size }) => {
          events.push({ size, time: time instanceof Date });
          // After the first look, the segment grows; the second look sees it, and the watch ends.
          if (++looks === 1) write(name, { Col1: 2n }, 9);
          else controller.abort();
        },
      },
      () => events.push('change'),
    );
    expect(events).toEqual([{ first: 1, count: 3, layout: MY_DATA }, 'change', { size: 96, time: true }, { size: 240, time: true }]);
  });
});
