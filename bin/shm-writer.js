#!/usr/bin/env node
'use strict';
// Each tool is one bundled file in dist/bin/, loaded with a code cache: the least to do at start-up.
require('./load.js')('shm-writer').main();
