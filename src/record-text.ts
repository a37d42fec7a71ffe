import { fieldRange, fieldText, setFieldText, type Field, type Layout } from './codec';

/** The machine text formats of a record: what `shm-reader` prints and `shm-writer --stdin` reads. */
export type MachineFormat = 'tsv' | 'json';

/**
 * Prints `count` records of `view` from `offset` in a machine format, one per line, each line
 * ending in `\n`: `100\t876\t8021`, or `{"Col1":100,"Col2":876,"Col3":8021}` with every digit.
 * With `only`, just that field's bare value.
 */
export function formatRecords(layout: Layout, view: DataView, count: number, format: MachineFormat | { only: Field }): string {
  const { fields, size } = layout;
  let out = '';
  if (typeof format === 'object') {
    for (let i = 0, o = 0; i < count; i++, o += size) out += `${fieldText(format.only, view, o)}\n`;
    return out;
  }
  switch (format) {
    case 'tsv':
      for (let i = 0, o = 0; i < count; i++, o += size) {
        let line = fieldText(fields[0], view, o);
        for (let f = 1; f < fields.length; f++) line += `\t${fieldText(fields[f], view, o)}`;
        out += `${line}\n`;
      }
      return out;
    case 'json': {
      const keys = fields.map((f, k) => `${k === 0 ? '{' : ','}${JSON.stringify(f.name)}:`);
      for (let i = 0, o = 0; i < count; i++, o += size) {
        let line = '';
        for (let f = 0; f < fields.length; f++) line += keys[f] + fieldText(fields[f], view, o);
        out += `${line}}\n`;
      }
      return out;
    }
  }
}

const PAIR = /\s*"((?:[^"\\]|\\.)*)"\s*:\s*(?:(-?\d+)|"(-?\d+)")\s*([,}])/y;

/**
 * Reads one line in either machine format (a JSON object, or tab-separated values in layout
 * order) into the record at `offset` of `view`. Returns null, or why the line is not a record.
 * Every field must be given; a JSON value may also be a string of digits, as some tools quote int64.
 */
export function parseRecordLine(layout: Layout, line: string, view: DataView, offset: number): string | null {
  const { fields } = layout;
  const invalid = (field: Field, text: string) => {
    const { min, max } = fieldRange(field.type);
    return `${field.name} must be an integer from ${min} to ${max} (${field.type}), not ${JSON.stringify(text)}`;
  };
  if (line.charCodeAt(0) !== 123 && !/^\s*\{/.test(line)) {
    const parts = line.split('\t');
    if (parts.length !== fields.length) {
      return `expected ${fields.length} tab-separated integers (${fields.map((f) => f.name).join(', ')}) or a JSON object, got ${JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}...` : line)}`;
    }
    for (let f = 0; f < fields.length; f++) if (!setFieldText(fields[f], view, offset, parts[f])) return invalid(fields[f], parts[f]);
    return null;
  }
  const seen = new Set<string>();
  PAIR.lastIndex = line.indexOf('{') + 1;
  for (let m = PAIR.exec(line); ; m = PAIR.exec(line)) {
    if (m === null) return 'not a JSON object of integer fields';
    const name = unescapeKey(m[1]);
    const field = fields.find((f) => f.name === name);
    if (field === undefined) return `unknown field ${JSON.stringify(name)}: ${layout.name} has ${fields.map((f) => f.name).join(', ')}`;
    if (seen.has(name)) return `${name} is given twice`;
    seen.add(name);
    const text = m[2] ?? m[3];
    if (!setFieldText(field, view, offset, text)) return invalid(field, text);
    if (m[4] === '}') break;
  }
  if (PAIR.lastIndex < line.length && line.slice(PAIR.lastIndex).trim() !== '') return 'text after the JSON object';
  const missing = fields.filter((f) => !seen.has(f.name)).map((f) => f.name);
  return missing.length === 0 ? null : `missing ${missing.join(', ')}`;
}

function unescapeKey(raw: string): string {
  try {
    return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
  } catch {
    return raw;
  }
}
