'use strict';
// Part of the build: runs each tool once, as a user would, with SHM_TOOLS_WRITE_CODE_CACHE=1, so that
// bin/load.js saves the V8 code cache of what a run compiles (dist/bin/*.js.cache).
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const name = `shm-tools-code-cache-${process.pid}`;
const tool = (t, args, cache) =>
  spawnSync(process.execPath, [join(__dirname, '..', 'bin', `${t}.js`), '--name', name, ...args], {
    env: { ...process.env, SHM_TOOLS_WRITE_CODE_CACHE: cache ? '1' : '' },
    stdio: 'ignore',
  }).status;
try {
  if (tool('shm-writer', ['-q'], true) !== 0 || tool('shm-reader', ['--json'], true) !== 0) {
    console.error('code-cache: a tool failed; it will start without a code cache');
  }
} finally {
  tool('shm-writer', ['--unlink', '-q'], false);
}
