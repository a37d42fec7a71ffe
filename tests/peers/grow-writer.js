// Writer W of K: stores Col1 = index into records W, W+K, W+2K... (N of them) of NAME, each with
// --size set to just fit it, so the segment only grows through ftruncate. A write that would
// shrink the segment is refused (EUSAGE). Prints the indexes written, as a JSON array. (The test
// makes the K writers start together: its lock on the segment holds them all at their first write.)
//   node grow-writer.js NAME W K N
'use strict';
const { MY_DATA, writeRecord } = require('../../dist/index.js');

const [name, w, k, n] = process.argv.slice(2).map((a, i) => (i === 0 ? a : Number(a)));
const written = [];
for (let j = 0; j < n; j++) {
  const index = j * k + w;
  try {
    writeRecord({ name, layout: MY_DATA, index, size: (index + 1) * 24, values: { Col1: BigInt(index) }, create: 'if-missing' });
    written.push(index);
  } catch (err) {
    if (err.code !== 'EUSAGE') throw err;
  }
}
console.log(JSON.stringify(written));
