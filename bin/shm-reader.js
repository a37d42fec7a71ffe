#!/usr/bin/env node
'use strict';
require('../dist/reader-cli.js').main();
