/** The package's version, read from package.json (two directories up from both src/cli/ and dist/cli/). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION: string = (require('../../package.json') as { version: string }).version;
