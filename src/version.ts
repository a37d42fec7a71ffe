/** The package's version, read from package.json (one directory up from both src/ and dist/). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION: string = (require('../package.json') as { version: string }).version;
