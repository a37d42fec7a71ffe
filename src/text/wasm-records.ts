import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ShmError } from '../model/errors';
import type { Layout } from '../model/layout';
import { LITTLE_ENDIAN, type IntType } from '../model/scalars';
import { MAX_DIGITS } from './digits';
import { toJson } from './json';

/** The text formats the WebAssembly loops write and read. */
export type WasmStyle = 'tsv' | 'json';

/** The little of the WebAssembly API used here (the project's TypeScript libraries do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}
const WASM = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;

/** What dist/records.wasm exports (src/text/wasm/records.ts). */
interface Exports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  stopped(): number;
  parse(tpl: number, src: number, end: number, dst: number, size: number, max: number): number;
  format(tpl: number, src: number, count: number, size: number, dst: number, firstIndex: bigint, lead: number): number;
}

/** Text around each record's index before its values, as `--watch` prints them: `TIME\t7\t`, or `{"time":…,"index":7,"record":` and `}` after. */
export interface WasmLead {
  readonly head: string;
  readonly gap: string;
  readonly tail: string;
  readonly firstIndex: number;
}

/** How a record of integer fields looks as one line of text, laid out for the WebAssembly loops. */
interface Template {
  readonly bytes: Uint8Array;
  /** The most bytes a record takes as text, its newline included. */
  readonly longest: number;
}

const TYPE_CODES: Readonly<Record<IntType, number>> = { int8: 0, uint8: 1, int16: 2, uint16: 3, int32: 4, uint32: 5, int64: 6, uint64: 7 };

/** The loops pay off from this many records (or bytes of lines) on; fewer are done in JavaScript, without loading them. */
export const WASM_FROM_RECORDS = 256;
export const WASM_FROM_BYTES = 16384;

/**
 * The WebAssembly loops for records of integer fields: the same bytes as the JavaScript paths, several
 * times faster. Loaded on first use from dist/records.wasm, beside the compiled code and the bundle.
 */
export class WasmRecords {
  private readonly exports: Exports;
  private readonly base: number;
  private memory: Uint8Array;
  private readonly templates = new WeakMap<Layout, Partial<Record<WasmStyle, Template | null>>>();

  /** Instantiates the module `bytes`, e.g. `new WasmRecords(readFileSync('dist/records.wasm'))`. */
  constructor(bytes: Uint8Array) {
    if (WASM === undefined) throw new Error('this engine has no WebAssembly');
    const instance = new WASM.Instance(new WASM.Module(bytes), { env: { abort: () => undefined } });
    this.exports = instance.exports as unknown as Exports;
    this.base = this.exports.heapBase();
    this.memory = new Uint8Array(this.exports.memory.buffer);
  }

  /**
   * `count` records of `view` as lines of `style` text, or null where the layout has fields other
   * than integers. The bytes are valid until the next call.
   */
  format(layout: Layout, style: WasmStyle, view: DataView, count: number, lead?: WasmLead): Uint8Array | null {
    const template = lead === undefined ? this.template(layout, style) : buildTemplate(layout, style, lead);
    if (template === null) return null;
    const src = this.base + template.bytes.length;
    const dst = align(src + count * layout.size);
    this.reserve(dst + count * template.longest + 16);
    this.memory.set(template.bytes, this.base);
    this.memory.set(new Uint8Array(view.buffer, view.byteOffset, count * layout.size), src);
    const length = this.exports.format(this.base, src, count, layout.size, dst, BigInt(lead?.firstIndex ?? 0), lead === undefined ? 0 : 1);
    return this.memory.subarray(dst, dst + length);
  }

  /**
   * Reads the lines of `bytes[start, end)` (which ends with a newline) as records of `style` into
   * `out` from `at` on, at most `max` of them; returns how many, and where it stopped: the start of
   * the first line that is not exactly a record as {@link format} writes it (a `\r` before the
   * newline allowed), for the caller to read its own way. Null where the layout has other fields.
   */
  parse(
    layout: Layout,
    style: WasmStyle,
    bytes: Uint8Array,
    start: number,
    end: number,
    out: Uint8Array,
    at: number,
    max: number,
  ): { records: number; stop: number } | null {
    const template = this.template(layout, style);
    if (template === null) return null;
    const src = this.base + template.bytes.length;
    const dst = align(src + (end - start) + 8);
    this.reserve(dst + max * layout.size);
    this.memory.set(template.bytes, this.base);
    this.memory.set(bytes.subarray(start, end), src);
    const records = this.exports.parse(this.base, src, src + (end - start), dst, layout.size, max);
    out.set(this.memory.subarray(dst, dst + records * layout.size), at);
    return { records, stop: start + (this.exports.stopped() - src) };
  }

  private reserve(bytes: number): void {
    const memory = this.exports.memory;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
    if (this.memory.buffer !== memory.buffer) this.memory = new Uint8Array(memory.buffer);
  }

  private template(layout: Layout, style: WasmStyle): Template | null {
    let byStyle = this.templates.get(layout);
    if (byStyle === undefined) this.templates.set(layout, (byStyle = {}));
    return (byStyle[style] ??= buildTemplate(layout, style));
  }
}

/** The template of `layout` in `style`, with a lead or not (see src/text/wasm/records.ts), or null if a field is not an integer. */
function buildTemplate(layout: Layout, style: WasmStyle, lead?: WasmLead): Template | null {
  const { fields } = layout;
  if (!fields.every((f) => f.kind === 'int')) return null;
  const literals = fields.map((f, k) => Buffer.from(style === 'tsv' ? (k === 0 ? '' : '\t') : `${k === 0 ? '{' : ','}${toJson(f.name)}:`));
  const after = Buffer.from(`${style === 'tsv' ? '' : '}'}${lead?.tail ?? ''}`);
  const around = lead === undefined ? [] : [Buffer.from(lead.head), Buffer.from(lead.gap)];
  const head = 4 + fields.length * 16 + 8 + around.length * 8;
  const text = [...literals, after, ...around].reduce((n, l) => n + l.length, 0);
  // 16 bytes to spare after the literals: the loop copies a short one as two 8-byte moves.
  const bytes = new Uint8Array(align(head + text + 16));
  const words = new DataView(bytes.buffer);
  words.setUint32(0, fields.length, true);
  let at = head;
  const put = (entry: number, literal: Uint8Array) => {
    words.setUint32(entry, at, true);
    words.setUint32(entry + 4, literal.length, true);
    bytes.set(literal, at);
    at += literal.length;
  };
  fields.forEach((f, k) => {
    words.setUint32(4 + k * 16, TYPE_CODES[f.element as IntType], true);
    words.setUint32(8 + k * 16, f.offset, true);
    put(12 + k * 16, literals[k]);
  });
  put(4 + fields.length * 16, after);
  around.forEach((literal, k) => put(4 + fields.length * 16 + 8 + k * 8, literal));
  return { bytes, longest: text + (fields.length + (lead === undefined ? 0 : 1)) * MAX_DIGITS + 1 };
}

function align(n: number): number {
  return (n + 15) & ~15;
}

let loaded: WasmRecords | null | undefined;

/**
 * The WebAssembly loops, loaded once, or null where they are not used: SHM_TOOLS_WASM=0 in the
 * environment, no dist/records.wasm (running from the sources), no WebAssembly (`--jitless`), or a
 * big-endian machine (WebAssembly is little-endian, segments are native). SHM_TOOLS_WASM=1 makes
 * their absence an error (EUNSUPPORTED) instead, to check that they are in use.
 */
export function wasmRecords(): WasmRecords | null {
  if (loaded === undefined) {
    const wanted = process.env.SHM_TOOLS_WASM;
    loaded = null;
    if (wanted === '0') return loaded;
    try {
      if (!LITTLE_ENDIAN) throw new Error('this machine is big-endian');
      loaded = new WasmRecords(readFileSync(join(__dirname, '..', 'records.wasm')));
    } catch (err) {
      // Not built, or not loadable here: the JavaScript paths do the same job.
      if (wanted === '1')
        throw new ShmError('EUNSUPPORTED', `SHM_TOOLS_WASM=1, but the WebAssembly loops cannot be loaded: ${(err as Error).message}`);
    }
  }
  return loaded;
}
