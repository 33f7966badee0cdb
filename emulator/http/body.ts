/**
 * Request body decoding with the rules and error texts of ory/x `decoderx` (what Kratos uses for
 * every self-service submit): allowed methods, the zero `Content-Length` check, the content-type
 * allow list, JSON bodies, and `application/x-www-form-urlencoded` bodies whose dotted keys
 * (`traits.email`) are mapped onto a JSON object using the payload schema's field types.
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

/** How a form value is coerced; mirrors the JSON schema type of the field. */
export type FieldType = 'string' | 'number' | 'boolean' | 'json';

export interface FieldSpec {
  readonly type: FieldType;
  readonly required: boolean;
}

export interface DecodeOptions {
  /** Defaults to POST, PUT, PATCH (decoderx). */
  readonly allowedMethods?: readonly string[];
  /** Defaults to multipart, urlencoded and JSON (decoderx). */
  readonly allowedContentTypes?: readonly string[];
  /** Form fields by dotted name; unknown form keys are dropped like decoderx does. */
  readonly fields: ReadonlyMap<string, FieldSpec>;
  /** Go type named in `cannot unmarshal` errors, e.g. `password.updateLoginFlowWithPasswordMethod`. */
  readonly goType: string;
  /** Top-level struct fields of Go type `string`: other JSON types fail to decode. */
  readonly stringFields: readonly string[];
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

function setPath(target: JsonObject, dotted: string, value: JsonValue): void {
  const parts = dotted.split('.');
  let cursor: JsonObject = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i] ?? '';
    const next = cursor[key];
    if (isJsonObject(next)) {
      cursor = next;
    } else {
      const created: JsonObject = {};
      cursor[key] = created;
      cursor = created;
    }
  }
  cursor[parts[parts.length - 1] ?? ''] = value;
}

/** decoderx `decodeURLValues` with its default `ParseErrorIgnoreConversionErrors`. */
export function decodeFormValues(
  values: URLSearchParams,
  fields: ReadonlyMap<string, FieldSpec>,
): JsonObject {
  const out: JsonObject = {};
  for (const key of new Set(values.keys())) {
    const spec = fields.get(key);
    if (spec === undefined) continue;
    const all = values.getAll(key);
    const first = all[0] ?? '';
    const last = all[all.length - 1] ?? '';
    switch (spec.type) {
      case 'string':
        if (first !== '') setPath(out, key, first);
        break;
      case 'number': {
        if (first === '' && !spec.required) break;
        const raw = first === '' ? '0.0' : first;
        const parsed = Number(raw);
        setPath(out, key, raw.trim() !== '' && Number.isFinite(parsed) ? parsed : raw);
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
          throw badRequest(`Unable to type assert values from HTTP Post Body: invalid json`);
        }
        break;
      }
    }
  }
  return out;
}

function checkStringFields(body: JsonObject, options: DecodeOptions): void {
  for (const field of options.stringFields) {
    const value = body[field];
    if (value === undefined || value === null || typeof value === 'string') continue;
    throw badRequest(
      `Unable to decode JSON payload: json: cannot unmarshal ${goJsonKind(value)} into Go struct field ${options.goType.split('.').pop() ?? options.goType}.${field} of type string`,
    );
  }
}

/**
 * Decodes the request like decoderx into a JSON object. Errors are 400 herodot errors, which the
 * self-service flows turn into UI message 4000001.
 */
export async function decodeBody(ctx: RequestContext, options: DecodeOptions): Promise<JsonObject> {
  validateRequest(ctx, options);
  const method = (ctx.req.method ?? 'GET').toUpperCase();
  if (method === 'GET') return decodeFormValues(ctx.query, options.fields);

  const type = mediaType(header(ctx, 'content-type'));
  if (type === CONTENT_TYPE_JSON) {
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
        `Unable to decode JSON payload: json: cannot unmarshal ${goJsonKind(parsed)} into Go value of type ${options.goType}`,
      );
    }
    checkStringFields(parsed, options);
    return parsed;
  }
  if (type === CONTENT_TYPE_FORM) {
    const text = await readBody(ctx, `Unable to decode HTTP ${method} form body: `);
    return decodeFormValues(new URLSearchParams(text), options.fields);
  }
  // Deliberate gap: multipart bodies are accepted by Kratos but not parsed by the emulator.
  throw badRequest(
    `Unable to decode HTTP ${method} form body: multipart/form-data is not supported by the Ory emulator`,
  );
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
