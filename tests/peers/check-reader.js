// Reads record INDEX of NAME until its Col1 reaches N, counting records whose fields differ (torn).
//   node check-reader.js NAME INDEX N   prints {"reads":...,"torn":...,"distinct":...}
'use strict';
const { MY_DATA, readRecords } = require('../../dist/index.js');

const [name, index, n] = process.argv.slice(2);
let reads = 0;
let torn = 0;
const seen = new Set();
for (;;) {
  const [{ records }] = readRecords({ name, layout: MY_DATA, index: Number(index) });
  const { Col1, Col2, Col3 } = records[0];
  reads++;
  if (Col1 !== Col2 || Col2 !== Col3) torn++;
  seen.add(Col1);
  if (Col1 >= BigInt(n)) break;
}
console.log(JSON.stringify({ reads, torn, distinct: seen.size }));
