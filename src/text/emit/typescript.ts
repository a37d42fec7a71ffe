import type { EmitInput } from './shared';

/** The layout as this library's `layout()` call, which also gives the records' TypeScript type. */
export function tsDeclaration({ layout, type, about }: EmitInput): string {
  const fields = layout.fields.map((f) => `  ${/^[A-Za-z_$][\w$]*$/.test(f.name) ? f.name : JSON.stringify(f.name)}: '${f.type}',`);
  return [
    `// ${about}`,
    "import { layout } from 'shm-tools';",
    '',
    `export const ${type} = layout(`,
    '  {',
    ...fields.map((f) => `  ${f}`),
    '  },',
    `  { name: '${type}', packed: ${layout.packed} },`,
    ');',
    '',
  ].join('\n');
}
