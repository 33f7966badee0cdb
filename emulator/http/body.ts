/**
 * Request body decoding with the rules and error texts of ory/x `decoderx` (what Kratos uses for
 * every self-service submit): allowed methods, the zero `Content-Length` check, the content-type
 * allow list, and `decodeURLValues`, which maps form keys (`traits.email`) onto a JSON object using
 * the payload schema's paths and types. Self-service JSON bodies take the same road
 * (`HTTPDecoderJSONFollowsFormFormat`): each top-level member becomes one form value (gjson's
 * `String()`: numbers and objects as their text), so a number sent for a string field becomes a
 * string, unknown members are dropped, and every object path left unset becomes `{}`.
 */
import {
  goJsonKind,
  goJsonSyntaxError,
  isJsonObject,
  parseJson,
  type JsonObject,
  type JsonValue,
} from '../json';
import { badRequest } from './herodotError';
import { header, type RequestContext } from './requestContext';

/** Go's `http.MaxBytesHandler` limit used by Kratos (`cmd/daemon/serve.go`). */
export const BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super('http: request body too large');
  }
}

export const CONTENT_TYPE_JSON = 'application/json';
export const CONTENT_TYPE_FORM = 'application/x-www-form-urlencoded';
export const CONTENT_TYPE_MULTIPART = 'multipart/form-data';
const DEFAULT_CONTENT_TYPES = [CONTENT_TYPE_MULTIPART, CONTENT_TYPE_FORM, CONTENT_TYPE_JSON] as const;

/**
 * How a form value is coerced; mirrors the JSON schema type of the path (`jsonschemax.Path.Type`).
 * `json` paths (objects) are set from the value's JSON text and default to `{}` when unset;
 * arrays collect every value of the key.
 */
export type FieldType = 'string' | 'number' | 'boolean' | 'json' | 'string[]' | 'number[]' | 'boolean[]';

export interface FieldSpec {
  readonly type: FieldType;
  readonly required: boolean;
}

/**
 * A plain Go `error` (not a herodot error), e.g. from `json.Unmarshal`: the flow error handlers
 * forward it, and herodot renders it as a 500 envelope with the text as `message`.
 */
export class GoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoError';
  }
}

export interface DecodeOptions {
  /** Defaults to POST, PUT, PATCH (decoderx). */
  readonly allowedMethods?: readonly string[];
  /** Defaults to multipart, urlencoded and JSON (decoderx). */
  readonly allowedContentTypes?: readonly string[];
  /** Payload paths by dotted name; unknown keys are dropped like decoderx does. */
  readonly fields: ReadonlyMap<string, FieldSpec>;
  /**
   * Plain JSON decoding (`decoderx.HTTPJSONDecoder()` without the form format, admin and logout
   * endpoints) instead of the self-service form format. `goType` is named in `cannot unmarshal`
   * errors, `stringFields` are the top-level struct fields of Go type `string`.
   */
  readonly plainJson?: { readonly goType: string; readonly stringFields: readonly string[] };
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Go's `r.ContentLength == 0`: an explicit zero, or no length and no chunked encoding. */
function hasZeroContentLength(ctx: RequestContext): boolean {
  const length = header(ctx, 'content-length');
  if (length !== undefined) return Number(length) === 0;
  return header(ctx, 'transfer-encoding') === undefined;
}

function validateRequest(ctx: RequestContext, options: DecodeOptions): void {
  const method = (ctx.req.method ?? 'GET').toUpperCase();
  const methods = options.allowedMethods ?? ['POST', 'PUT', 'PATCH'];
  if (!methods.includes(method)) {
    throw badRequest(
      `Unable to decode body because HTTP Request Method was "${method}" but only [${methods.join(' ')}] are supported.`,
    );
  }
  if (method === 'GET') return;
  if (hasZeroContentLength(ctx)) {
    throw badRequest('Unable to decode HTTP Request Body because its HTTP Header "Content-Length" is zero.');
  }
  const allowed = options.allowedContentTypes ?? DEFAULT_CONTENT_TYPES;
  if (!allowed.includes(mediaType(header(ctx, 'content-type')))) {
    throw badRequest(
      `HTTP ${method} Request used unknown HTTP Header "Content-Type: ${header(ctx, 'content-type') ?? ''}", only [${allowed.join(' ')}] are supported.`,
    );
  }
}

async function readBody(ctx: RequestContext, errorPrefix: string): Promise<string> {
  try {
    return (await ctx.body()).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw badRequest(`${errorPrefix}${error.message}`);
    throw error;
  }
}

/** Go's `strconv.ParseBool`. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** gjson's `Exists()` for a dotted path. */
function pathExists(target: JsonObject, dotted: string): boolean {
  let cursor: JsonValue | undefined = target;
  for (const part of dotted.split('.')) {
    if (!isJsonObject(cursor) || !(part in cursor)) return false;
    cursor = cursor[part];
  }
  return true;
}

/**
 * sjson's `Set`: intermediate objects are created, scalars on the way are replaced by objects,
 * and arrays refuse non-numeric keys.
 */
function setPath(target: JsonObject, dotted: string, value: JsonValue): void {
  const parts = dotted.split('.');
  let cursor: JsonObject = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i] ?? '';
    const next = cursor[key];
    if (isJsonObject(next)) {
      cursor = next;
    } else {
      if (Array.isArray(next)) {
        throw new GoError(`cannot set array element for non-numeric key '${parts[i + 1] ?? ''}'`);
      }
      const created: JsonObject = {};
      cursor[key] = created;
      cursor = created;
    }
  }
  const last = parts[parts.length - 1] ?? '';
  if (Array.isArray(cursor)) throw new GoError(`cannot set array element for non-numeric key '${last}'`);
  cursor[last] = value;
}

/** Go's `strconv.ParseFloat` for the usual spellings. */
function parseGoFloat(value: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) {
    if (/^[+-]?(inf|infinity)$/i.test(value)) return value.startsWith('-') ? -Infinity : Infinity;
    return undefined;
  }
  return Number(value);
}

/** A set value that is not valid JSON text: the document becomes unreadable. */
class InvalidRawJson {
  constructor(readonly text: string) {}
}

/**
 * decoderx `decodeURLValues` with its default `ParseErrorIgnoreConversionErrors`: each key that
 * names a payload path is set with the path's type, then every unset object path becomes `{}`
 * (in path-name order). Object values are raw JSON; text that is not JSON makes the document
 * unreadable, which the callers report in their own way.
 */
function decodeValues(
  values: ReadonlyMap<string, readonly string[]>,
  fields: ReadonlyMap<string, FieldSpec>,
): JsonObject | InvalidRawJson {
  const out: JsonObject = {};
  let invalid: InvalidRawJson | undefined;
  for (const [key, all] of values) {
    const spec = fields.get(key);
    if (spec === undefined) continue;
    const first = all[0] ?? '';
    const last = all[all.length - 1] ?? '';
    switch (spec.type) {
      case 'string':
        if (first !== '') setPath(out, key, first);
        break;
      case 'number': {
        if (first === '' && !spec.required) break;
        const raw = first === '' ? '0.0' : first;
        setPath(out, key, parseGoFloat(raw) ?? raw);
        break;
      }
      case 'boolean': {
        if (last === '' && !spec.required) break;
        const raw = last === '' ? 'false' : last;
        setPath(out, key, parseGoBool(raw) ?? raw);
        break;
      }
      case 'json': {
        if (first === '' && !spec.required) break;
        try {
          setPath(out, key, parseJson(first));
        } catch {
          invalid ??= new InvalidRawJson(first);
        }
        break;
      }
      case 'string[]':
        setPath(out, key, [...all]);
        break;
      case 'number[]':
        setPath(
          out,
          key,
          all.map((v) => parseGoFloat(v) ?? v),
        );
        break;
      case 'boolean[]':
        setPath(
          out,
          key,
          all.map((v) => parseGoBool(v) ?? v),
        );
        break;
    }
  }
  if (invalid) return invalid;
  const objectPaths = [...fields].filter(([, spec]) => spec.type === 'json').map(([name]) => name);
  for (const name of objectPaths.sort()) if (!pathExists(out, name)) setPath(out, name, {});
  return out;
}

/** decoderx `decodeForm` (urlencoded bodies and GET queries). */
export function decodeFormValues(
  values: URLSearchParams,
  fields: ReadonlyMap<string, FieldSpec>,
): JsonObject {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of values) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  const decoded = decodeValues(grouped, fields);
  if (decoded instanceof InvalidRawJson) {
    throw badRequest(`Unable to decode JSON payload: ${goJsonSyntaxError(decoded.text)}`);
  }
  return decoded;
}

/** gjson's `Result.Type.String()` for a JSON text. */
function gjsonTypeName(raw: string): string {
  switch (raw.charAt(0)) {
    case 'n':
      return 'Null';
    case 'f':
      return 'False';
    case 't':
      return 'True';
    case '"':
      return 'String';
    case '{':
    case '[':
      return 'JSON';
    default:
      return 'Number';
  }
}

/** Go's `strconv.FormatFloat(f, 'f', -1, 64)`: the shortest digits, never an exponent. */
export function goFormatFloatF(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const text = String(Math.abs(value));
  const [mantissa = '0', exponentText] = text.split('e');
  if (exponentText === undefined) return `${sign}${mantissa}`;
  const [intPart = '', fraction = ''] = mantissa.split('.');
  const digits = `${intPart}${fraction}`;
  const point = intPart.length + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** gjson's `Result.String()` of a member's raw JSON text. */
function gjsonString(raw: string): string {
  switch (gjsonTypeName(raw)) {
    case 'Null':
      return '';
    case 'False':
      return 'false';
    case 'True':
      return 'true';
    case 'String': {
      const value = parseJson(raw);
      return typeof value === 'string' ? value : '';
    }
    case 'JSON':
      return raw;
    default:
      return /^-?\d+$/.test(raw) ? raw : goFormatFloatF(Number(raw));
  }
}

/** Where the JSON value starting at `start` ends (the text is known to be valid there). */
function valueEnd(text: string, start: number): number {
  const first = text.charAt(start);
  if (first === '"') {
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return i + 1;
    }
    return text.length;
  }
  if (first === '{' || first === '[') {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return text.length;
  }
  let i = start;
  while (i < text.length && !/[\s,:\]}[{"]/.test(text.charAt(i))) i++;
  return i;
}

function skipSpace(text: string, start: number): number {
  let i = start;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  return i;
}

/** Go's `json.NewDecoder(r).Decode(&v)`: the first JSON value of the body; the rest is ignored. */
function firstJsonValue(text: string): { raw: string } | { error: string } {
  const start = skipSpace(text, 0);
  if (start >= text.length) return { error: 'EOF' };
  const raw = text.slice(start, valueEnd(text, start));
  try {
    parseJson(raw);
    return { raw };
  } catch {
    return { error: goJsonSyntaxError(raw) };
  }
}

/** The members of a valid JSON object text, as raw texts; later duplicates win (`url.Values.Set`). */
function objectMembers(raw: string): Map<string, string> {
  const members = new Map<string, string>();
  let i = skipSpace(raw, 1);
  while (i < raw.length && raw.charAt(i) !== '}') {
    const keyEnd = valueEnd(raw, i);
    const key = parseJson(raw.slice(i, keyEnd));
    i = skipSpace(raw, skipSpace(raw, keyEnd) + 1);
    const end = valueEnd(raw, i);
    members.set(typeof key === 'string' ? key : '', raw.slice(i, end));
    i = skipSpace(raw, end);
    if (raw.charAt(i) === ',') i = skipSpace(raw, i + 1);
  }
  return members;
}

/** decoderx `decodeJSONForm`: the JSON object's members become form values. */
function decodeJsonForm(text: string, fields: ReadonlyMap<string, FieldSpec>): JsonObject {
  const first = firstJsonValue(text);
  if ('error' in first) throw badRequest('Unable to decode form as JSON.').with({ message: first.error });
  if (!first.raw.startsWith('{')) {
    throw badRequest(
      `Expected JSON sent in request body to be an object but got: ${gjsonTypeName(first.raw)}`,
    );
  }
  const values = new Map<string, string[]>();
  for (const [key, raw] of objectMembers(first.raw)) values.set(key, [gjsonString(raw)]);
  const decoded = decodeValues(values, fields);
  // `json.Unmarshal` of the assembled document.
  if (decoded instanceof InvalidRawJson) throw new GoError(goJsonSyntaxError(decoded.text));
  return decoded;
}

function checkStringFields(body: JsonObject, plain: NonNullable<DecodeOptions['plainJson']>): void {
  for (const field of plain.stringFields) {
    const value = body[field];
    if (value === undefined || value === null || typeof value === 'string') continue;
    throw badRequest(
      `Unable to decode JSON payload: json: cannot unmarshal ${goJsonKind(value)} into Go struct field ${plain.goType.split('.').pop() ?? plain.goType}.${field} of type string`,
    );
  }
}

/**
 * Decodes the request like decoderx into a JSON object. Errors are 400 herodot errors, which the
 * self-service flows turn into UI message 4000001, or a {@link GoError} for a document that
 * `json.Unmarshal` cannot read.
 */
export async function decodeBody(ctx: RequestContext, options: DecodeOptions): Promise<JsonObject> {
  validateRequest(ctx, options);
  const method = (ctx.req.method ?? 'GET').toUpperCase();
  if (method === 'GET') return decodeFormValues(ctx.query, options.fields);

  const type = mediaType(header(ctx, 'content-type'));
  if (type === CONTENT_TYPE_JSON && options.plainJson === undefined) {
    return decodeJsonForm(await readBody(ctx, 'Unable to decode JSON payload: '), options.fields);
  }
  if (type === CONTENT_TYPE_JSON && options.plainJson !== undefined) {
    const plain = options.plainJson;
    const text = await readBody(ctx, 'Unable to decode JSON payload: ');
    let parsed: JsonValue;
    try {
      parsed = parseJson(text);
    } catch {
      throw badRequest(`Unable to decode JSON payload: ${goJsonSyntaxError(text)}`);
    }
    if (!isJsonObject(parsed)) {
      if (parsed === null) return {};
      throw badRequest(
        `Unable to decode JSON payload: json: cannot unmarshal ${goJsonKind(parsed)} into Go value of type ${plain.goType}`,
      );
    }
    checkStringFields(parsed, plain);
    return parsed;
  }
  if (type === CONTENT_TYPE_FORM) {
    const text = await readBody(ctx, `Unable to decode HTTP ${method} form body: `);
    return decodeFormValues(new URLSearchParams(text), options.fields);
  }
  // Multipart: decoderx calls `r.ParseForm()`, which leaves `PostForm` empty for multipart bodies,
  // so Kratos v26.2.0 sees no field at all (checked against a server: "Property email is missing.").
  return decodeFormValues(new URLSearchParams(), options.fields);
}

/** Strict JSON body for admin endpoints (`jsonx.NewStrictDecoder`): errors go into `message`. */
export async function readJsonBody(ctx: RequestContext): Promise<JsonValue> {
  let text: string;
  try {
    text = (await ctx.body()).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw badRequest().with({ message: error.message });
    throw error;
  }
  try {
    return parseJson(text);
  } catch {
    throw badRequest().with({ message: goJsonSyntaxError(text) });
  }
}
