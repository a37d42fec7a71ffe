// Stores (i, i, i) into record INDEX of NAME for i = 1..N, through the library the tools use. It
// starts when a line arrives on standard input; after storing MID it prints "paused" and waits for
// another line before it goes on.
//   node count-writer.js NAME INDEX N MID
'use strict';
const { readSync, writeSync } = require('node:fs');
const { MY_DATA, writeRecord } = require('../../dist/index.js');

const [name, index] = process.argv.slice(2, 4);
const [n, mid] = process.argv.slice(4, 6).map(BigInt);

/** Waits (blocking) for one line on standard input. */
function awaitLine() {
  const byte = Buffer.alloc(1);
  do {
    if (readSync(0, byte) === 0) throw new Error('count-writer.js: standard input ended before the line it waits for');
  } while (byte[0] !== 10);
}

awaitLine();
for (let i = 1n; i <= n; i++) {
  writeRecord({ name, layout: MY_DATA, index: Number(index), values: { Col1: i, Col2: i, Col3: i }, create: 'never' });
  if (i === mid) {
    writeSync(1, 'paused\n');
    awaitLine();
  }
}
