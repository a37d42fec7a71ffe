#!/usr/bin/env node
'use strict';
// dist/bin/ holds each tool bundled into one file: the fewest modules to load at start-up.
require('../dist/bin/reader-cli.js').main();
