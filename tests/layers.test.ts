import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './helpers';

// The dependency rule of src/ (README, "For contributors"): each layer imports only the layers
// before it, src/index.ts exports the library (model, shm, store), nothing imports in a circle,
// and below cli/ no module names a flag or renders for a terminal.
const LAYERS = ['model', 'shm', 'store', 'text', 'cli'] as const;
const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The source without comments, so that prose about flags does not count. */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

/** What a module imports or requires: relative ones as paths from src/, the rest as written. */
function imports(path: string): string[] {
  const specs = [...code(path).matchAll(/(?:from\s+|import\s+|require\(\s*|import\(\s*)'([^']+)'/g)].map((m) => m[1]);
  return specs.map((s) => (s.startsWith('.') ? relative(SRC, resolve(dirname(path), s)) : s));
}

const modules = files(SRC).map((path) => ({ path, name: relative(SRC, path).replace(/\.ts$/, ''), imports: imports(path) }));
const isModule = (name: string): boolean => modules.some((m) => m.name === name);
const layerOf = (name: string): number => LAYERS.indexOf(name.split('/')[0] as (typeof LAYERS)[number]);

describe('the layers of src/', () => {
  it('puts every module in a layer folder, but index.ts', () => {
    expect(modules.filter((m) => m.name !== 'index' && layerOf(m.name) === -1).map((m) => m.name)).toEqual([]);
    expect(modules.length).toBeGreaterThan(20);
  });

  it.each(modules.filter((m) => m.name !== 'index').map((m) => [m.name, m] as const))('%s imports no layer above its own', (_, m) => {
    const above = m.imports.filter((i) => isModule(i) && layerOf(i) > layerOf(m.name));
    expect(above).toEqual([]);
  });

  it('index.ts exports the library only: model, shm and store', () => {
    const index = modules.find((m) => m.name === 'index');
    expect(index?.imports.filter((i) => !['model', 'shm', 'store'].includes(i.split('/')[0]))).toEqual([]);
  });

  it('has no import circle', () => {
    const graph = new Map(modules.map((m) => [m.name, m.imports.filter(isModule)]));
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[][] = [];
    const visit = (name: string, path: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'open') return void circles.push([...path.slice(path.indexOf(name)), name]);
      state.set(name, 'open');
      for (const next of graph.get(name) ?? []) visit(next, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of graph.keys()) visit(name, []);
    expect(circles).toEqual([]);
  });

  it.each(modules.filter((m) => layerOf(m.name) < layerOf('cli/run')).map((m) => [m.name, m] as const))(
    '%s names no flag, and renders nothing for a terminal',
    (_, m) => {
      const text = code(m.path);
      expect(text.match(/--[a-z][a-z-]{2,}/g) ?? []).toEqual([]);
      expect(m.imports.filter((i) => i === 'chalk' || i === 'commander' || i === 'node:tty')).toEqual([]);
      expect(text.match(/console\.|process\.(std(in|out|err)|exit)|\\u001b|\\x1b/g) ?? []).toEqual([]);
    },
  );

  it.each(modules.filter((m) => m.name.startsWith('model/')).map((m) => [m.name, m] as const))(
    '%s is pure: no file system, no FFI',
    (_, m) => {
      expect(
        m.imports.filter((i) => /^(node:)?(fs|fs\/promises|child_process|net|tty|os|worker_threads|http|https|dgram)$|^koffi$/.test(i)),
      ).toEqual([]);
    },
  );
});
