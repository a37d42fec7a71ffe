import { existsSync } from 'node:fs';
import type { Koffi } from '../shm/libc';

/** The koffi release whose native build {@link loadKoffi} may load directly (package.json pins it). */
export const KOFFI_VERSION = '3.3.4';

/** How koffi was loaded: its native build directly, or through its own loader. */
export type KoffiRoute = 'native' | 'package';

/** What {@link loadKoffi} looks at: injected by tests, in use the real thing. */
export interface KoffiHost {
  require(id: string): unknown;
  arch: NodeJS.Architecture;
  exists(path: string): boolean;
}

const HOST: KoffiHost = { require, arch: process.arch, exists: existsSync };

// Built where koffi's own loader would pick them, when node runs on glibc.
const NATIVE: Partial<Record<NodeJS.Architecture, string>> = {
  x64: '@koromix/koffi-linux-x64/linux_x64/koffi.node',
  arm64: '@koromix/koffi-linux-arm64/linux_arm64/koffi.node',
};
const MUSL_LOADER: Partial<Record<NodeJS.Architecture, string>> = {
  x64: '/lib/ld-musl-x86_64.so.1',
  arm64: '/lib/ld-musl-aarch64.so.1',
};

function isKoffi(value: unknown): value is Koffi {
  return typeof value === 'object' && value !== null && (value as { version?: unknown }).version === KOFFI_VERSION;
}

/**
 * Loads koffi. Its own loader reads node's ELF header to choose between its glibc and musl builds,
 * resolves three packages and compiles their JavaScript: about 6 ms, a quarter of Node's own start.
 * Where the answer is known (linux x64/arm64, no musl loader on the machine, the pinned release)
 * this loads the same native build directly (~1 ms); anything unexpected takes koffi's own loader.
 * The native module is what koffi's loader returns, less deprecated aliases we do not use.
 */
export function loadKoffi(host: KoffiHost = HOST): { koffi: Koffi; route: KoffiRoute } {
  const native = NATIVE[host.arch];
  const musl = MUSL_LOADER[host.arch];
  if (native !== undefined && musl !== undefined && !host.exists(musl)) {
    try {
      const koffi = host.require(native);
      if (isKoffi(koffi)) return { koffi, route: 'native' };
    } catch {
      // Not installed where expected, or not loadable here: koffi's loader knows more.
    }
  }
  return { koffi: host.require('koffi') as Koffi, route: 'package' };
}
