/**
 * `npm run bundle`: the two programs as one file each, dependencies inlined but koffi (native) and
 * commander (loaded only for usage errors); and `--watch`'s live view as a file of its own, which the
 * reader loads only for it (a terminal's handling costs the other runs nothing). chalk is inlined with its browser colour probe:
 * the tools choose the colour level themselves, and the Node probe would load node:tty at start-up.
 */
const { build } = require('esbuild');
const { dirname, join } = require('node:path');

const chalkProbe = {
  name: 'chalk-without-probe',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) => ({ path: join(dirname(args.importer), 'vendor/supports-color/browser.js') }));
  },
};

const liveApart = {
  name: 'live-view-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/watch-live$/ }, () => ({ path: './watch-live.js', external: true }));
  },
};

build({
  entryPoints: ['src/cli/shm-writer.ts', 'src/cli/shm-reader.ts', 'src/cli/watch-live.ts'],
  bundle: true,
  minifyWhitespace: true,
  minifySyntax: true,
  platform: 'node',
  target: 'node20',
  external: ['koffi', 'commander'],
  outdir: 'dist/bin',
  logLevel: 'warning',
  plugins: [chalkProbe, liveApart],
}).catch(() => process.exit(1));
