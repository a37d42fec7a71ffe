import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KOFFI_VERSION, loadKoffi, type KoffiHost } from '../../src/cli/fast-koffi';
import { ROOT } from '../helpers';

const real: KoffiHost = { require, arch: process.arch, exists: () => false };
const missing = (id: string): never => {
  throw new Error(`Cannot find module '${id}'`);
};
// What koffi's own loader returns, to compare the direct route with.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const viaPackage = require('koffi') as { version: string; default: unknown };

describe('loadKoffi', () => {
  it('pins the koffi release it knows the layout of', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.koffi).toBe(KOFFI_VERSION);
    expect(viaPackage.version).toBe(KOFFI_VERSION);
  });

  // These machines (and CI) are linux x64 on glibc.
  it('loads the native build directly on linux x64 glibc, the same module koffi loads', () => {
    const { koffi, route } = loadKoffi();
    expect(route).toBe('native');
    // Node keeps one module per addon file: this is the very object koffi's loader wraps.
    expect(koffi).toBe(viaPackage.default);
    expect(koffi.sizeof('int64_t')).toBe(8);
    expect(typeof koffi.load('libc.so.6').func('int getpid(void)')()).toBe('number');
  });

  const asked: string[] = [];
  const host = (over: Partial<KoffiHost>): KoffiHost => ({
    ...real,
    require: (id) => {
      asked.push(id);
      return real.require(id);
    },
    ...over,
  });
  beforeEach(() => void asked.splice(0));

  it.each<[string, Partial<KoffiHost>]>([
    ['the machine has a musl loader', { exists: (path) => path.includes('ld-musl') }],
    ['the architecture has no known build', { arch: 'ia32' }],
    ['the native build is not where expected', { require: (id) => (id === 'koffi' ? real.require(id) : missing(id)) }],
    ['the native build is another release', { require: (id) => (id === 'koffi' ? real.require(id) : { version: '0.0.1' }) }],
  ])('takes koffi’s own loader when %s', (_, over) => {
    const { koffi, route } = loadKoffi(host(over));
    expect(route).toBe('package');
    expect(koffi.version).toBe(viaPackage.version);
  });

  it('asks for nothing but the native build when it is there', () => {
    expect(loadKoffi(host({})).route).toBe('native');
    expect(asked).toEqual([`@koromix/koffi-linux-${process.arch}/linux_${process.arch}/koffi.node`]);
  });
});
