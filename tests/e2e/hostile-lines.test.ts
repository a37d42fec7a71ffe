import { cleanUp, run, uniqueName } from '../helpers';

// Bad lines of every kind, for a layout of every kind of field: each is exit 2 naming its line
// and the field at fault, in one printable line, and the good line before it is written.
afterEach(cleanUp);

const LAYOUT = 'i:int16,u:uint8,f:float32,b:bool,s:char[4],a:int8[2]';
const GOOD_TSV = '1\t2\t1.5\ttrue\tab\t1,2';
const GOOD_JSON = '{"i":1,"u":2,"f":1.5,"b":true,"s":"ab","a":[1,2]}';
/** A good TSV line with field `k` replaced. */
const tsv = (k: number, value: string) =>
  GOOD_TSV.split('\t')
    .map((v, i) => (i === k ? value : v))
    .join('\t');
/** A good JSON line with `key` given as the raw JSON `value`, or left out. */
const json = (key: string, value?: string) => {
  const entries = Object.entries(JSON.parse(GOOD_JSON) as Record<string, unknown>)
    .filter(([k]) => k !== key)
    .map(([k, v]) => `"${k}":${JSON.stringify(v)}`);
  return `{${[...entries, ...(value === undefined ? [] : [`"${key}":${value}`])].join(',')}}`;
};

const CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['int16 above its range', tsv(0, '32768'), 'i must be an integer from -32768 to 32767 (int16), not "32768"'],
  ['int16 below its range', tsv(0, '-32769'), 'i must be an integer from -32768 to 32767'],
  ['an integer in hex', tsv(0, '0x10'), 'i must be an integer'],
  ['an integer with a fraction', tsv(0, '1.0'), 'i must be an integer'],
  ['an integer in exponent form', tsv(0, '1e2'), 'i must be an integer'],
  ['an empty integer', tsv(0, ''), 'i must be an integer'],
  ['a negative uint8', tsv(1, '-1'), 'u must be an integer from 0 to 255 (uint8), not "-1"'],
  ['uint8 above its range', tsv(1, '256'), 'u must be an integer from 0 to 255'],
  ['a float32 that overflows', tsv(2, '1e39'), 'f must be a number (float32)'],
  ['a float that is a word', tsv(2, 'abc'), 'f must be a number (float32)'],
  ['a float with two points', tsv(2, '1.2.3'), 'f must be a number'],
  ['a bool spelled yes', tsv(3, 'yes'), 'b must be true or false (bool), not "yes"'],
  ['a bool of 2', tsv(3, '2'), 'b must be true or false'],
  ['a string one byte too long', tsv(4, 'abcde'), 's must be a string of at most 4 bytes of UTF-8 with no NUL (char[4])'],
  ['a string too long in UTF-8 only', tsv(4, 'é€'), 's must be a string of at most 4 bytes'],
  ['a string holding NUL', tsv(4, 'a\0b'), 's must be a string of at most 4 bytes of UTF-8 with no NUL'],
  ['an array one short', tsv(5, '1'), 'a must be 2 comma-separated values (int8[2]), not "1"'],
  ['an array one long', tsv(5, '1,2,3'), 'a must be 2 comma-separated values'],
  ['an array element out of range', tsv(5, '1,128'), 'a[1] must be an integer from -128 to 127 (int8), not "128"'],
  ['an array element that is a word', tsv(5, 'x,1'), 'a[0] must be an integer'],
  ['one value too few', GOOD_TSV.split('\t').slice(0, 5).join('\t'), 'expected 6 tab-separated values (i, u, f, b, s, a)'],
  ['one value too many', `${GOOD_TSV}\t1`, 'expected 6 tab-separated values'],
  ['spaces for tabs', GOOD_TSV.replace(/\t/g, ' '), 'expected 6 tab-separated values'],
  ['a JSON array', '[1,2,1.5,true,"ab",[1,2]]', 'expected 6 tab-separated values'],
  ['a field missing', json('a'), 'missing a'],
  ['an unknown field', json('zz', '1'), 'unknown field "zz": layout has i, u, f, b, s, a'],
  ['an empty object', '{}', 'missing i, u, f, b, s, a'],
  ['a JSON integer with a fraction', json('i', '1.5'), 'i must be an integer from -32768 to 32767 (int16), not 1.5'],
  ['a JSON integer as a decimal string', json('i', '"1.5"'), 'i must be an integer'],
  ['a JSON integer as true', json('i', 'true'), 'i must be an integer from -32768 to 32767 (int16), not true'],
  ['a JSON null', json('i', 'null'), 'i must be an integer from -32768 to 32767 (int16), not null'],
  ['a JSON integer out of range', json('u', '-1'), 'u must be an integer from 0 to 255'],
  ['a JSON float32 that overflows', json('f', '1e39'), 'f must be a number (float32)'],
  ['a JSON bool as a word', json('b', '"maybe"'), 'b must be true or false (bool), not "maybe"'],
  ['a JSON string as a number', json('s', '5'), 's must be a string of at most 4 bytes'],
  ['a JSON string too long', json('s', '"abcde"'), 's must be a string of at most 4 bytes'],
  ['a JSON string holding NUL', json('s', '"a\\u0000"'), 's must be a string of at most 4 bytes of UTF-8 with no NUL'],
  ['a lone high surrogate', json('s', '"\\ud800"'), 's must be a string'],
  ['a lone low surrogate that is no byte', json('s', '"\\udc41"'), 's must be a string'],
  ['a JSON array one short', json('a', '[1]'), 'a must be 2 values (int8[2])'],
  ['a JSON array as a string', json('a', '"1,2"'), 'a must be an array of 2 values (int8[2]), not "1,2"'],
  ['a nested JSON array', json('a', '[[1],2]'), 'a[0] must be an integer from -128 to 127 (int8), not an array'],
  ['a JSON array element out of range', json('a', '[1,128]'), 'a[1] must be an integer from -128 to 127 (int8), not 128'],
  ['text after the object', `${GOOD_JSON}x`, 'text after the JSON object'],
  ['an object that does not end', GOOD_JSON.slice(0, -1), 'not a JSON object'],
  ['two commas', GOOD_JSON.replace(',', ',,'), 'not a JSON object'],
  ['single quotes', GOOD_JSON.replace(/"/g, "'"), 'not a JSON object'],
  ['NaN unquoted', json('f', 'NaN'), 'not a JSON object'],
];

describe.each(['auto', 'tsv', 'json'] as const)('--input-format %s', (format) => {
  const cases = CASES.filter(([, line]) => format === 'auto' || (format === 'json') === line.startsWith('{'));
  it.each(cases)('%s: exit 2 naming line 2 and the fault, line 1 written', (_, bad, problem) => {
    const name = uniqueName('lines');
    const good = bad.startsWith('{') ? GOOD_JSON : GOOD_TSV;
    const args = ['--name', name, '--layout', LAYOUT, '--stdin', ...(format === 'auto' ? [] : ['--input-format', format])];
    const r = run('shm-writer', args, { input: `${good}\n${bad}\n${good}\n` });
    expect([r.status, r.stderr]).toEqual([2, expect.stringContaining(`shm-writer: line 2: ${problem}`)]);
    expect(r.stderr).toMatch(/; records 0 to 0 \(1\) were written before it\n$/);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(run('shm-reader', ['--name', name, '--layout', LAYOUT, '--all', '--tsv']).stdout).toBe(`${GOOD_TSV}\n`);
  });

  if (format !== 'auto') {
    it(`refuses a line in the other format`, () => {
      const name = uniqueName('lines');
      const other = format === 'json' ? GOOD_TSV : GOOD_JSON;
      const r = run('shm-writer', ['--name', name, '--layout', LAYOUT, '--stdin', '--input-format', format], {
        input: `${format === 'json' ? GOOD_JSON : GOOD_TSV}\n${other}\n`,
      });
      expect([r.status, r.stderr]).toEqual([
        2,
        expect.stringMatching(/^shm-writer: line 2: (not a JSON object|expected 6 tab-separated values)/),
      ]);
    });
  }
});
