/**
 * The library example from the README, runnable: `npx tsx scripts/example.ts [segment-name]`.
 * It defines a record layout, writes two records, reads them back, and removes the segment.
 */
import { layout, SharedRecords, ShmError } from 'shm-tools';

const Tick = layout({ id: 'uint32', price: 'float64', symbol: 'char[8]', last: 'int16[3]' }, { name: 'Tick' });

const name = process.argv[2] ?? 'example_ticks';
const ticks = SharedRecords.open(name, Tick, { create: 'exclusive', size: '4K' });
try {
  ticks.write(0, { id: 1n, price: 101.25, symbol: 'ACME', last: [1n, -2n, 3n] });
  ticks.write(1, { id: 2n, price: 99.5, symbol: 'INIT' }); // `last` stays zero
  const first = ticks.read(0); // typed: { id: bigint; price: number; symbol: string; last: bigint[] }
  console.log(`${first.symbol} #${first.id} at ${first.price.toFixed(2)}`);
  for (const tick of ticks.records()) if (tick.id !== 0n) console.log(`${tick.id} ${tick.symbol} ${tick.last.join(' ')}`);
  console.log(`${ticks.length} records of ${Tick.size} bytes in ${ticks.name}`);
  ticks.read(1000); // past the end: a ShmError, as the tools report it
} catch (err) {
  if (!(err instanceof ShmError)) throw err;
  console.log(`${err.code}: ${err.message}`);
} finally {
  ticks.close();
  SharedRecords.unlink(name);
}
