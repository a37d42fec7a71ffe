import fc from 'fast-check';
import { ShmError } from '../../src/model/errors';
import { MY_DATA } from '../../src/model/layout';
import { sameLayout } from '../../src/model/layout-spec';
import { firstLine, layoutLine, readLayoutLine } from '../../src/text/layout-line';
import { random, randomLayout } from '../layout-cases';

const SEED = { seed: 20261127, numRuns: 300 };

describe('the layout line', () => {
  it('reads back as the same layout, in TSV and in JSON, for random layouts', () => {
    const rng = random(41);
    for (let k = 0; k < 200; k++) {
      const layout = randomLayout(rng, k, true);
      for (const format of ['tsv', 'json'] as const) expect(sameLayout(readLayoutLine(layoutLine(layout, format)), layout)).toBe(true);
    }
    expect(layoutLine(MY_DATA, 'tsv')).toBe('#layout Col1:int64,Col2:int64,Col3:int64\n');
    expect(layoutLine(MY_DATA, 'json')).toBe('{"#layout":"Col1:int64,Col2:int64,Col3:int64"}\n');
    expect(readLayoutLine('#layout a:int8;packed\r\n').packed).toBe(true);
  });

  it.each([
    ['1\t2\t3', 'line 1: not a layout line'],
    ['{"Col1":1}', 'line 1: not a layout line'],
    ['{"#layout":"x:quad"}', 'line 1: the layout line is not a layout'],
    ['#layout a:int8;loose', 'line 1: the layout line is not a layout'],
    ['{"#layout":"a:int8","b":1}', 'line 1: not a layout line'],
  ])('%j is refused: %s', (line, message) => {
    expect(() => readLayoutLine(line)).toThrow(message);
  });

  it('reads any line as a layout or refuses it with a usage error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `#layout ${s}`),
          fc.string().map((s) => JSON.stringify({ '#layout': s })),
        ),
        (line) => {
          try {
            readLayoutLine(line);
          } catch (err) {
            expect(err).toBeInstanceOf(ShmError);
            expect((err as ShmError).code).toBe('EUSAGE');
          }
        },
      ),
      SEED,
    );
  });
});

describe('firstLine', () => {
  /** The input in chunks cut at `cuts`, each chunk's bytes in one buffer the source reuses (as a file on stdin does). */
  async function* chunked(text: string, cuts: number[]): AsyncGenerator<Uint8Array> {
    const bytes = Buffer.from(text);
    const reused = Buffer.alloc(bytes.length + 1);
    const bounds = [0, ...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
    for (let k = 1; k < bounds.length; k++) {
      const n = bytes.copy(reused, 0, bounds[k - 1], bounds[k]);
      yield reused.subarray(0, n);
      reused.fill(0x7e);
    }
  }

  it('gives the first line and every byte after it, however the input is cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom('a', 'é', '\t', '\n', '1') }), fc.array(fc.nat(80)), async (text, cuts) => {
        const { line, rest } = await firstLine(chunked(text, cuts));
        const parts: Buffer[] = [];
        for await (const chunk of rest) parts.push(Buffer.from(chunk));
        const end = text.indexOf('\n');
        if (text === '') expect(line).toBeNull();
        else if (end === -1) expect([line, Buffer.concat(parts).toString()]).toEqual([text, '']);
        else expect([line, Buffer.concat(parts).toString()]).toEqual([text.slice(0, end), text.slice(end + 1)]);
      }),
      SEED,
    );
  });
});
