/** Text that is JSON already, which {@link toJson} places as it is (a record printed by its layout, say). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A value that {@link toJson} can print: JSON's types, BigInt (exact digits) and {@link RawJson}. */
export type JsonValue = string | number | bigint | boolean | null | RawJson | readonly JsonValue[] | JsonObject;
/** A JSON object: values by key. */
export type JsonObject = { readonly [key: string]: JsonValue };

/**
 * The one JSON writer: one line, BigInt as a bare number with every digit (never a lossy double),
 * {@link RawJson} as its text, an object's own keys in order.
 */
export function toJson(value: JsonValue): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  const entries = Object.entries(value as { readonly [key: string]: JsonValue });
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
}
