'use strict';
// Part of the build: writes each tool's manual page (dist/man/*.1) from its option table, as
// src/cli/man.ts makes it; package.json's `man` field installs them with the package.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { manPage } = require('../dist/cli/man.js');
const { readerTool } = require('../dist/cli/reader.js');
const { writerTool } = require('../dist/cli/writer.js');
const { version } = require('../package.json');

const dir = join(__dirname, '..', 'dist', 'man');
mkdirSync(dir, { recursive: true });
for (const tool of [writerTool, readerTool]) writeFileSync(join(dir, `${tool.name}.1`), manPage(tool, version));
