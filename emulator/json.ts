/** JSON value types, guards, and Go-compatible encoding (what herodot's `json.Encoder` writes). */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string member of a decoded body or document ('' when it is absent or not a string). */
export function stringField(object: JsonObject, key: string): string {
  const value = object[key];
  return typeof value === 'string' ? value : '';
}

/** Parses JSON text; the result is JSON by construction. */
export function parseJson(text: string): JsonValue {
  // JSON.parse can only produce JSON values; this is the one place its `any` is narrowed.
  return JSON.parse(text) as JsonValue;
}

/** Deep copy of a JSON value (stored data must never alias request or response objects). */
export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

/**
 * Go's encoder HTML-escapes `<`, `>`, `&` and the line/paragraph separators; matching it keeps
 * byte-level diffs against a real Kratos meaningful. Only string contents can contain these
 * characters in JSON text, so a textual replacement is safe.
 */
export function goJsonStringify(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Go's name for the JSON type of a value, as used in decode and schema errors. */
export function goJsonKind(value: unknown): 'null' | 'bool' | 'number' | 'string' | 'array' | 'object' {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

/**
 * Approximates the text of Go's `encoding/json` syntax errors (e.g. `unexpected EOF`,
 * `invalid character 'x' looking for beginning of value`) so reasons read like Kratos'.
 */
export function goJsonSyntaxError(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'EOF';
  try {
    JSON.parse(text);
    return 'invalid JSON';
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/Unexpected end of JSON input|Unterminated/.test(message)) return 'unexpected EOF';
    const position = /position (\d+)/.exec(message);
    const at = position?.[1] !== undefined ? Number(position[1]) : 0;
    const char = text.charAt(at) || trimmed.charAt(0);
    return `invalid character '${char}' looking for beginning of value`;
  }
}

/** Sorted-key copy of a map, because Go marshals map keys in sorted order. */
export function sortedRecord(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}
