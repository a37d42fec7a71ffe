#!/usr/bin/env node
'use strict';
require('../dist/writer-cli.js').main();
