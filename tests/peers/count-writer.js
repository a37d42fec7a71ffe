// Stores (i, i, i) into record INDEX of NAME for i = 1..N, through the library the tools use.
//   node count-writer.js NAME INDEX N
'use strict';
const { MY_DATA, writeRecord } = require('../../dist/index.js');

const [name, index, n] = process.argv.slice(2);
for (let i = 1n; i <= BigInt(n); i++) {
  writeRecord({ name, layout: MY_DATA, index: Number(index), values: { Col1: i, Col2: i, Col3: i }, create: 'never' });
}
