'use strict';
// Part of the build: runs each tool, with SHM_TOOLS_WRITE_CODE_CACHE=1, through the runs users make
// most (colour on and off, --json, --tsv, --help) in one process, so that bin/load.js saves the V8
// code cache of everything those runs compile (dist/bin/*.js.cache) and no mode pays for compiling.
const { spawnSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const { join } = require('node:path');

const name = `shm-tools-code-cache-${process.pid}`;
const RUNS = {
  'shm-writer': [['-q', name], ['--json', name], ['--col1', '7', name], ['--help'], ['--version']],
  'shm-reader': [[name], ['--json', name], ['--tsv', name], ['--all', '--json', name], ['--info', name], ['--help'], ['--version']],
};

function warm(tool, runs) {
  // Each run in turn, colour forced on (chalk's path) and the output thrown away by the parent.
  const script = `const t = require(${JSON.stringify(join(__dirname, '..', 'bin', 'load.js'))})(${JSON.stringify(tool)});
(async () => { let failed = 0; for (const argv of ${JSON.stringify(runs)}) { await t.main(argv); failed ||= process.exitCode; } process.exitCode = failed; })();`;
  return spawnSync(process.execPath, ['-e', script], {
    env: { ...process.env, SHM_TOOLS_WRITE_CODE_CACHE: '1', FORCE_COLOR: '1' },
    stdio: 'ignore',
  }).status;
}

// A cache left by another build would be loaded by the warm runs (V8 checks only the source's
// length) and written back: it goes first.
for (const tool of Object.keys(RUNS)) rmSync(join(__dirname, '..', 'dist', 'bin', `${tool}.js.cache`), { force: true });
try {
  if (warm('shm-writer', RUNS['shm-writer']) !== 0 || warm('shm-reader', RUNS['shm-reader']) !== 0) {
    console.error('code-cache: a tool failed; it will start without a code cache');
  }
} finally {
  spawnSync(process.execPath, [join(__dirname, '..', 'bin', 'shm-writer.js'), '--unlink', '-q', name], { stdio: 'ignore' });
}
