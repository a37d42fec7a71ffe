import { defineLayout, MY_DATA } from '../../src/model/layout';
import { ShmError } from '../../src/model/errors';
import { recordsPerBatch } from '../../src/model/limits';
import { maxLine, recordChunks, type RecordStreamOptions } from '../../src/text/record-stream';

const options: RecordStreamOptions = { layout: MY_DATA, format: 'auto', index: 0, perChunk: 4, idleMs: 20 };

/** Input given chunk by chunk as the test says, so that pauses happen exactly where it wants them. */
function controlled() {
  const queue: Array<(value: IteratorResult<Uint8Array>) => void> = [];
  const ready: Array<IteratorResult<Uint8Array>> = [];
  const input: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: () =>
        ready.length > 0 ? Promise.resolve(ready.shift() as IteratorResult<Uint8Array>) : new Promise((resolve) => queue.push(resolve)),
      return: () => Promise.resolve({ done: true, value: undefined }),
    }),
  };
  const give = (result: IteratorResult<Uint8Array>) =>
    queue.length > 0 ? (queue.shift() as (v: IteratorResult<Uint8Array>) => void)(result) : ready.push(result);
  return {
    input,
    send: (text: string) => give({ done: false, value: Buffer.from(text) }),
    end: () => give({ done: true, value: undefined }),
  };
}

async function* chunksOf(...texts: string[]): AsyncGenerator<Uint8Array> {
  for (const t of texts) yield Buffer.from(t);
}

/** Every record the stream yields, as rows of Col1..Col3, one array per chunk; or the error it ends with. */
async function collect(
  input: AsyncIterable<Uint8Array>,
  opts: Partial<RecordStreamOptions> = {},
): Promise<{ chunks: bigint[][][]; error?: ShmError }> {
  const chunks: bigint[][][] = [];
  try {
    for await (const { bytes, count } of recordChunks(input, { ...options, ...opts })) {
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      chunks.push(Array.from({ length: count }, (_, i) => [0, 8, 16].map((o) => view.getBigInt64(i * 24 + o, true))));
    }
  } catch (err) {
    return { chunks, error: err as ShmError };
  }
  return { chunks };
}

describe('recordChunks', () => {
  it('yields full chunks, then the rest, whatever the input chunks split', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => `${i}\t${-i}\t${i * 7}\n`).join('');
    for (const cut of [1, 3, 7, 13, lines.length]) {
      const parts = Array.from({ length: Math.ceil(lines.length / cut) }, (_, k) => lines.slice(k * cut, (k + 1) * cut));
      const { chunks, error } = await collect(chunksOf(...parts));
      expect(error).toBeUndefined();
      expect(chunks.map((c) => c.length)).toEqual([4, 4, 2]);
      expect(chunks.flat()).toEqual(Array.from({ length: 10 }, (_, i) => [BigInt(i), BigInt(-i), BigInt(i * 7)]));
    }
  });

  it('reads a last line with no newline, skips blank lines and drops a CR', async () => {
    const { chunks } = await collect(chunksOf('1\t2\t3\r\n\n   \n{"Col1":4,"Col2":5,"Col3":6}\n7\t8', '\t9'));
    expect(chunks.flat()).toEqual([
      [1n, 2n, 3n],
      [4n, 5n, 6n],
      [7n, 8n, 9n],
    ]);
  });

  it('passes on what it has when the input pauses, before more comes', async () => {
    const { input, send, end } = controlled();
    const stream = recordChunks(input, options);
    send('1\t1\t1\n2\t2\t2\n');
    // Nothing more is sent until the pause has passed on the two records read.
    const first = await stream.next();
    expect(first.done === false && first.value.count).toBe(2);
    send('3\t3\t3\n');
    end();
    const second = await stream.next();
    expect(second.done === false && second.value.count).toBe(1);
    expect((await stream.next()).done).toBe(true);
  });

  it('at a bad line yields the records before it, then fails naming the line', async () => {
    const { chunks, error } = await collect(chunksOf('1\t2\t3\n4\t5\t6\n\nx\n7\t8\t9\n'));
    expect(chunks.flat()).toHaveLength(2);
    expect(error).toBeInstanceOf(ShmError);
    expect(error?.code).toBe('EUSAGE');
    expect(error?.details.line).toBe(4);
    expect(error?.message).toBe('line 4: expected 3 tab-separated values (Col1, Col2, Col3) or a JSON object, got "x"');
  });

  it('refuses the line whose record would lie past the last slot, and only that one', async () => {
    const last = Math.floor(Number.MAX_SAFE_INTEGER / 24) - 1;
    const { chunks, error } = await collect(chunksOf('1\t1\t1\n2\t2\t2\n'), { index: last });
    expect(chunks.flat()).toEqual([[1n, 1n, 1n]]);
    expect(error?.message).toBe(`line 2: record index ${last + 1} is out of range: 24-byte records end by byte ${Number.MAX_SAFE_INTEGER}`);
  });

  it('stops when its signal aborts: yields what it read, then fails with EINTR', async () => {
    const { input, send } = controlled();
    const controller = new AbortController();
    const stream = recordChunks(input, { ...options, idleMs: 60_000, signal: controller.signal });
    send('1\t1\t1\n');
    const pending = stream.next();
    // Once the microtasks have run, the line is read and the stream waits for more input.
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const first = await pending;
    expect(first.done === false && first.value.count).toBe(1);
    await expect(stream.next()).rejects.toMatchObject({ code: 'EINTR', message: 'interrupted after line 1' });
  });

  it('refuses a line longer than any record takes, without waiting for its end', async () => {
    // The line never ends: only the cap can stop the stream.
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('1\t1\t1\n');
      for (;;) yield Buffer.alloc(65536, 'x');
    }
    const { chunks, error } = await collect(endless());
    expect(chunks.flat()).toEqual([[1n, 1n, 1n]]);
    expect(error?.message).toBe(`line 2: longer than ${maxLine(MY_DATA)} bytes, more than any 24-byte MyData record takes as text`);
  });

  it('reads a long line split over many chunks', async () => {
    const layout = defineLayout('Big', [
      ['s', 'char[1048576]'],
      ['n', 'int8'],
    ]);
    const line = `${'y'.repeat(1 << 20)}\t-5\n`;
    const parts = Array.from({ length: Math.ceil(line.length / 4096) }, (_, k) => line.slice(k * 4096, (k + 1) * 4096));
    const stream = recordChunks(chunksOf(...parts), { ...options, layout, perChunk: 1 });
    const first = await stream.next();
    expect(first.done === false && [first.value.count, first.value.bytes[0], first.value.bytes[1 << 20]]).toEqual([1, 121, 251]);
  });

  it('holds a record larger than 1 MiB in a chunk', async () => {
    const layout = { ...MY_DATA, size: 2 << 20 };
    const stream = recordChunks(chunksOf('1\t2\t3\n'), { ...options, layout, perChunk: recordsPerBatch(layout) });
    const first = await stream.next();
    expect(first.done === false && [first.value.count, first.value.bytes.length]).toEqual([1, 2 << 20]);
  });
});
