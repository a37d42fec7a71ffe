// C text as far as the struct reader needs it: comments out, preprocessor lines read, tokens.
// Every pass goes once from left to right, so any input takes time in proportion to its length.

/** How a pass reports a problem: the line (from 1) and what is wrong; it does not return. */
export type Fail = (line: number, problem: string) => never;

/** A directive the struct may not sit across: an `#include`, or a conditional that is not evaluated. */
export interface Opaque {
  readonly line: number;
  readonly text: string;
  readonly kind: 'include' | 'conditional';
}

/** The lines (`from` < line < `to`) of a branch of a conditional (`text`, on `line`) with two or more that are not evaluated. */
export interface Alternative {
  readonly from: number;
  readonly to: number;
  readonly line: number;
  readonly text: string;
}

/** A C text after the preprocessor, as far as it is read here. */
export interface CSource {
  /** The code that counts: comments, directives and skipped groups blanked, every line break kept. */
  readonly code: string;
  readonly opaque: readonly Opaque[];
  readonly alternatives: readonly Alternative[];
}

/** One token of C: a word, a number, a string or character literal, `::`, or one other character; `line` from 1. */
export interface Token {
  readonly text: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

/**
 * Reads the comments and the directives of a C text. `#if 0` and `#if 1` groups, with their
 * `#elif`/`#else`, are evaluated (nesting counts); any other condition (`#ifdef X`, `#if X > 1`)
 * is not, and its groups are kept as code but listed in `opaque` and `alternatives`; a
 * `#pragma pack` is refused; other directives (`#define`, `#pragma once`...) are passed over.
 */
export function readCSource(text: string, fail: Fail): CSource {
  return preprocessed(withoutComments(text, fail), fail);
}

/** The text with each comment replaced by a space and the line breaks it held; string and character literals kept whole. */
function withoutComments(text: string, fail: Fail): string {
  const out: string[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    let end: number;
    if (c === '/' && text[i + 1] === '*') {
      end = text.indexOf('*/', i + 2);
      if (end < 0) fail(line, 'a /* comment is not closed');
      end += 2;
    } else if (c === '/' && text[i + 1] === '/') {
      end = lineEnd(text, i, false);
    } else if (c === '"' || c === "'") {
      end = lineEnd(text, i + 1, true, c);
      if (text[end] === c) end++;
      out.push(text.slice(i, end));
      line += breaks(text, i, end);
      i = end;
      continue;
    } else {
      end = i + 1;
      while (end < text.length && !'/"\''.includes(text[end])) end++;
      out.push(text.slice(i, end));
      line += breaks(text, i, end);
      i = end;
      continue;
    }
    const n = breaks(text, i, end);
    out.push(n === 0 ? ' ' : ` ${'\n'.repeat(n)}`);
    line += n;
    i = end;
  }
  return out.join('');
}

/** Where a `//` comment or a literal from `i` ends: the line break (a backslash before it continues the line), or `quote`. */
function lineEnd(text: string, i: number, escapes: boolean, quote?: string): number {
  let j = i;
  for (; j < text.length && text[j] !== '\n' && text[j] !== quote; j++) {
    if (text[j] === '\\' && (escapes || text[j + 1] === '\n' || (text[j + 1] === '\r' && text[j + 2] === '\n'))) j++;
  }
  return j;
}

/** How many line breaks `text` has from `from` up to `to`. */
function breaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let j = from; j < to; j++) if (text[j] === '\n') n++;
  return n;
}

/** An open conditional: what its branches so far were, and whether the one being read counts. */
interface Conditional {
  readonly line: number;
  readonly text: string;
  /** Whether the groups around it are skipped. */
  readonly outerDead: boolean;
  /** Whether a branch so far is taken: surely, surely not, or not known. */
  taken: 'yes' | 'no' | 'maybe';
  branch: 'live' | 'dead' | 'maybe';
  from: number;
  seenElse: boolean;
  readonly maybes: Alternative[];
}

/** The code with directive lines blanked and skipped groups removed (their line breaks kept). */
function preprocessed(code: string, fail: Fail): CSource {
  const lines = code.split('\n');
  const opaque: Opaque[] = [];
  const alternatives: Alternative[] = [];
  const open: Conditional[] = [];
  const dead = (): boolean => open.length > 0 && (open[open.length - 1].outerDead || open[open.length - 1].branch === 'dead');
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i].trim();
    if (!first.startsWith('#')) {
      if (dead()) lines[i] = '';
      continue;
    }
    const at = i + 1;
    const parts = [first];
    while (parts[parts.length - 1].endsWith('\\') && i + 1 < lines.length) {
      parts[parts.length - 1] = parts[parts.length - 1].slice(0, -1);
      lines[i] = '';
      parts.push(lines[++i].trim());
    }
    lines[i] = '';
    const m = /^#\s*(\w*)\s*([\s\S]*)$/.exec(parts.join(' ')) as RegExpExecArray;
    const [name, rest] = [m[1], m[2].trim().replace(/\s+/g, ' ')];
    const shown = `#${name}${rest === '' ? '' : ` ${rest}`}`;
    if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
      const outerDead = dead();
      const value = name === 'if' ? known(rest) : undefined;
      const branch = value === true ? 'live' : value === false ? 'dead' : 'maybe';
      open.push({
        line: at,
        text: shown,
        outerDead,
        taken: value === undefined ? 'maybe' : value ? 'yes' : 'no',
        branch,
        from: at,
        seenElse: false,
        maybes: [],
      });
      if (!outerDead && branch === 'maybe') opaque.push({ line: at, text: shown, kind: 'conditional' });
    } else if (name === 'elif' || name === 'elifdef' || name === 'elifndef' || name === 'else' || name === 'endif') {
      const c = open[open.length - 1] as Conditional | undefined;
      if (c === undefined) return fail(at, `${shown} has no #if before it`);
      if (c.seenElse && name !== 'endif') return fail(at, `${shown} after #else (line ${c.from})`);
      const closesMaybe = c.branch === 'maybe';
      if (closesMaybe) c.maybes.push({ from: c.from, to: at, line: c.line, text: c.text });
      if (name === 'endif') {
        open.pop();
        if (c.maybes.length > 1 && !c.outerDead) for (const a of c.maybes) alternatives.push(a);
        if (!c.outerDead && closesMaybe) opaque.push({ line: at, text: shown, kind: 'conditional' });
        continue;
      }
      const value = name === 'else' ? true : name === 'elif' ? known(rest) : undefined;
      c.branch = c.taken === 'yes' || value === false ? 'dead' : c.taken === 'no' && value === true ? 'live' : 'maybe';
      if (value === true || c.branch === 'live') c.taken = 'yes';
      else if (c.branch === 'maybe') c.taken = 'maybe';
      c.from = at;
      c.seenElse = name === 'else';
      if (!c.outerDead && (closesMaybe || c.branch === 'maybe')) opaque.push({ line: at, text: shown, kind: 'conditional' });
    } else if (dead()) {
      continue;
    } else if (name === 'pragma' && /^pack\b/.test(rest)) {
      fail(at, '#pragma pack is not read: write __attribute__((packed)) on the struct');
    } else if (['include', 'include_next', 'import', 'embed'].includes(name)) {
      opaque.push({ line: at, text: shown, kind: 'include' });
    }
  }
  if (open.length > 0) fail(open[open.length - 1].line, `${open[open.length - 1].text} has no #endif`);
  return { code: lines.join('\n'), opaque, alternatives };
}

/** The value of an `#if` condition when it is the literal 0 or 1, else undefined. */
function known(condition: string): boolean | undefined {
  return condition === '0' ? false : condition === '1' ? true : undefined;
}

// White space (a backslash ending a line too), then one token; the last alternative takes any other character alone.
const TOKEN = /((?:\s|\\(?=\r?\n))*)([A-Za-z_]\w*|\d[\w.]*|"(?:[^"\\\n]|\\[\s\S])*"?|'(?:[^'\\\n]|\\[\s\S])*'?|::|\S)/y;

/** The tokens of code (as {@link readCSource} leaves it), with their lines. */
export function cTokens(code: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(code); m !== null; m = TOKEN.exec(code)) {
    const start = m.index + m[1].length;
    line += breaks(code, m.index, start);
    tokens.push({ text: m[2], line, start, end: TOKEN.lastIndex });
    line += breaks(code, start, TOKEN.lastIndex);
  }
  return tokens;
}
