'use strict';
// Loads a bundled tool from dist/bin/ with the V8 code cache the build made for it, so that start-up
// skips most of the compiling (Node 20 has no compile cache of its own). Without a cache, or with one
// V8 rejects (another Node), the tool is compiled as usual. SHM_TOOLS_WRITE_CODE_CACHE=1 makes the
// cache at exit, after a real run has compiled what a run needs: scripts/code-cache.js does that.
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

module.exports = function load(name) {
  const file = join(__dirname, '..', 'dist', 'bin', `${name}.js`);
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // No cache: compile as usual.
  }
  const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  if (process.env.SHM_TOOLS_WRITE_CODE_CACHE === '1') process.on('exit', () => writeFileSync(`${file}.cache`, script.createCachedData()));
  return module.exports;
};
