import { progress } from '../../src/cli/progress';

describe('progress', () => {
  const run = (enabled: boolean, total: number | undefined, steps: Array<[number, number]>) => {
    const written: string[] = [];
    let now = 0;
    const bar = progress(
      enabled,
      (t) => void written.push(t),
      'reading',
      total,
      () => now,
    );
    for (const [t, done] of steps) {
      now = t;
      bar.update(done);
    }
    bar.end();
    bar.end();
    return written;
  };

  it('shows nothing for a job that ends within 400 ms', () => {
    expect(
      run(true, 100, [
        [100, 10],
        [399, 100],
      ]),
    ).toEqual([]);
  });

  it('shows a bar with a percentage, at most every 100 ms, and clears it once at the end', () => {
    const out = run(true, 200, [
      [500, 50],
      [550, 60],
      [700, 100],
    ]);
    expect(out).toEqual([
      '\r\u001b[Kreading [######..................] 25% 50/200, 100 records/s',
      '\r\u001b[Kreading [############............] 50% 100/200, 143 records/s',
      '\r\u001b[K',
    ]);
  });

  it('counts without a total', () => {
    expect(run(true, undefined, [[1000, 5000]])[0]).toBe('\r\u001b[Kreading 5,000 records, 5,000 records/s');
  });

  it('is silent when disabled (not a terminal, or --quiet)', () => {
    expect(run(false, 100, [[1000, 50]])).toEqual([]);
  });
});
