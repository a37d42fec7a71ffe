// Reads record INDEX of NAME until its Col1 reaches N, counting records whose fields differ (torn).
// Prints "ready" after its first read, and "mid" once it has read a Col1 of MID or more. At the end
// prints {"reads":...,"torn":...,"during":...}: `during` counts the reads that found the writer
// part-way (0 < Col1 < N), i.e. made while it was writing.
//   node check-reader.js NAME INDEX N MID
'use strict';
const { writeSync } = require('node:fs');
const { MY_DATA, readRecords } = require('../../dist/index.js');

const [name, index] = process.argv.slice(2, 4);
const [n, mid] = process.argv.slice(4, 6).map(BigInt);
let reads = 0;
let torn = 0;
let during = 0;
let saidMid = false;
for (;;) {
  const [{ records }] = readRecords({ name, layout: MY_DATA, index: Number(index) });
  const { Col1, Col2, Col3 } = records[0];
  reads++;
  if (Col1 !== Col2 || Col2 !== Col3) torn++;
  if (Col1 > 0n && Col1 < n) during++;
  if (reads === 1) writeSync(1, 'ready\n');
  if (!saidMid && Col1 >= mid) {
    saidMid = true;
    writeSync(1, 'mid\n');
  }
  if (Col1 >= n) break;
}
writeSync(1, `${JSON.stringify({ reads, torn, during })}\n`);
