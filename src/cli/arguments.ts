import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { quote, ShmError } from '../model/errors';
import type { Layout } from '../model/layout';
import { EMIT_LANGUAGES, type EmitLanguage } from '../text/emit/emit';
import { parseCStruct } from '../model/c-struct';
import { layoutFromJson, parseLayout } from '../model/layout-spec';
import { MAX_BYTES } from '../model/limits';
import type { InputFormat } from '../text/record-parse';

/** The longest `--interval`: an hour. */
export const MAX_INTERVAL_MS = 3_600_000;

/** Parses `--index`: a record index, a whole number, 0 or more. */
export function parseIndex(input: string): number {
  return parseWhole(input, '--index', 0, MAX_BYTES);
}

/** Parses `--count`: a record count, a whole number, 1 or more. */
export function parseCount(input: string): number {
  return parseWhole(input, '--count', 1, MAX_BYTES);
}

/** Parses `--interval`: milliseconds between two looks, from 1 to {@link MAX_INTERVAL_MS}. */
export function parseInterval(input: string): number {
  return parseWhole(input, '--interval', 1, MAX_INTERVAL_MS);
}

/** Parses `--mode`: permissions in octal, `600` or `0644`; special bits are refused. */
export function parseMode(input: string): number {
  if (!/^0?[0-7]{3}$/.test(input)) throw ShmError.usage(`invalid mode ${quote(input)}: use three octal digits such as 600 or 644`);
  return parseInt(input, 8);
}

const INPUT_FORMATS: readonly InputFormat[] = ['auto', 'tsv', 'json'];

/** Parses `--input-format`, which goes with `--stdin` only: `auto` when not given. */
export function parseInputFormat(input: string | undefined, stdin: boolean): InputFormat {
  if (input === undefined) return 'auto';
  if (!stdin) throw ShmError.usage('--input-format goes with --stdin');
  const format = INPUT_FORMATS.find((f) => f === input);
  if (format === undefined) throw ShmError.usage(`--input-format must be ${INPUT_FORMATS.join(', ')}, not ${quote(input)}`);
  return format;
}

/** `--emit`: one of the languages a layout's declaration is written in. */
export function parseEmitLanguage(input: string): EmitLanguage {
  const language = EMIT_LANGUAGES.find((l) => l === input);
  if (language === undefined) throw ShmError.usage(`--emit takes ${EMIT_LANGUAGES.join(', ')}, not ${quote(input)}`);
  return language;
}

function parseWhole(input: string, flag: string, min: number, max: number): number {
  if (!/^\d+$/.test(input) || BigInt(input) < BigInt(min) || BigInt(input) > BigInt(max)) {
    throw ShmError.usage(`${flag} must be a whole number from ${min} to ${max}, not ${quote(input)}`);
  }
  return Number(input);
}

/** The layout that `--layout` and `--packed` ask for: inline, a C struct, `@file.json`, `@file.h` or `@file.h:Struct`; undefined when neither is given (the segment's own, or MyData). */
export function parseLayoutOption(spec: string | undefined, packed: boolean): Layout | undefined {
  if (spec === undefined) {
    if (packed)
      throw ShmError.usage('--packed goes with --layout: a stored layout says itself whether it is packed, and MyData has no padding');
    return undefined;
  }
  // A C struct (it has braces: no inline spec does), a layout file (JSON, or a C header), or an inline spec.
  if (!spec.startsWith('@')) return spec.includes('{') ? parseCStruct(spec, 'the --layout given', packed) : parseLayout(spec, packed);
  // `@file.h:Tick` reads the struct Tick of the header (unless a file is named so, colon and all).
  const named = /^(.+):([A-Za-z_][A-Za-z0-9_]*)$/.exec(spec.slice(1));
  const [path, wanted] = named !== null && !existsSync(spec.slice(1)) ? [named[1], named[2]] : [spec.slice(1), undefined];
  const text = readLayoutFile(path);
  if (!text.trimStart().startsWith('{')) return parseCStruct(text, path, packed, wanted);
  if (wanted !== undefined) throw ShmError.usage(`${quote(path)} is a JSON layout file: :${wanted} names a struct of a C header`);
  return layoutFromJson(text, path, packed);
}

/** The largest layout file read: a layout is a few lines of JSON. */
export const MAX_LAYOUT_FILE = 1 << 20;

/** A layout file's text: a regular file of at most {@link MAX_LAYOUT_FILE} bytes, opened without blocking (a FIFO would block). */
function readLayoutFile(path: string): string {
  const bad = (why: string) => ShmError.usage(`cannot read layout file ${quote(path)}: ${why}`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw bad((err as Error).message);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw bad('it is not a regular file');
    if (st.size > MAX_LAYOUT_FILE) throw bad(`it is larger than ${MAX_LAYOUT_FILE} bytes`);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
