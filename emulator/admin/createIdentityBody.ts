/**
 * Structural checks of the admin identity bodies with Go's `encoding/json` error texts:
 * `createIdentityBody` (strict, errors in `message`), the `credentials` of `updateIdentityBody`
 * (lenient decoderx, errors in `reason`) and the batch body of `PATCH /admin/identities`.
 */
import { badRequest, HerodotError } from '../http/herodotError';
import { parseGoUuid } from './goUuid';
import { goJsonKind, isJsonObject, type JsonObject, type JsonValue } from '../json';

type Shape =
  | { readonly kind: 'string' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'raw' }
  | { readonly kind: 'uuid' }
  | { readonly kind: 'time' }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Shape>> }
  | { readonly kind: 'array'; readonly items: Shape };

const string: Shape = { kind: 'string' };
const bool: Shape = { kind: 'bool' };
const raw: Shape = { kind: 'raw' };
const uuid: Shape = { kind: 'uuid' };
const time: Shape = { kind: 'time' };
const object = (fields: Record<string, Shape>): Shape => ({ kind: 'object', fields });
const array = (items: Shape): Shape => ({ kind: 'array', items });

const PROVIDER = object({ subject: string, provider: string, use_auto_link: bool, organization: uuid });

/** `identityWithCredentials`, shared by create, update and batch bodies. */
const CREDENTIALS = object({
  password: object({
    config: object({ hashed_password: string, password: string, use_password_migration_hook: bool }),
  }),
  oidc: object({ config: object({ providers: array(PROVIDER) }) }),
  saml: object({ config: object({ providers: array(PROVIDER) }) }),
});

const CREATE_IDENTITY_BODY = object({
  schema_id: string,
  traits: raw,
  credentials: CREDENTIALS,
  verifiable_addresses: array(
    object({
      id: uuid,
      value: string,
      verified: bool,
      via: string,
      status: string,
      verified_at: time,
      created_at: time,
      updated_at: time,
    }),
  ),
  recovery_addresses: array(
    object({ id: uuid, value: string, via: string, created_at: time, updated_at: time }),
  ),
  metadata_public: raw,
  metadata_admin: raw,
  state: string,
  organization_id: uuid,
  external_id: string,
});

const GO_TYPES: Readonly<Record<Shape['kind'], string>> = {
  string: 'string',
  bool: 'bool',
  raw: 'json.RawMessage',
  uuid: 'uuid.NullUUID',
  time: 'time.Time',
  object: 'struct',
  array: 'slice',
};

/** How a decoder reports problems: strict (`jsonx.NewStrictDecoder`) or lenient (`decoderx`). */
interface CheckOptions {
  /** Unknown fields are errors (strict decoding). */
  readonly strict: boolean;
  /** The Go struct named in `cannot unmarshal` errors. */
  readonly goStruct: string;
  /** Turns Go's error text into the handler's herodot error. */
  readonly fail: (goError: string) => never;
}

function typeError(value: JsonValue, path: string, shape: Shape, options: CheckOptions): never {
  return options.fail(
    `json: cannot unmarshal ${goJsonKind(value)} into Go struct field ${options.goStruct}.${path} of type ${GO_TYPES[shape.kind]}`,
  );
}

function check(value: JsonValue, shape: Shape, path: string, options: CheckOptions): void {
  if (value === null) return; // null leaves Go values at their zero value
  switch (shape.kind) {
    case 'raw':
      return;
    case 'string':
      if (typeof value !== 'string') typeError(value, path, shape, options);
      return;
    case 'bool':
      if (typeof value !== 'boolean') typeError(value, path, shape, options);
      return;
    case 'uuid':
      if (typeof value !== 'string') typeError(value, path, shape, options);
      else {
        const parsed = parseGoUuid(value);
        if (!parsed.ok) options.fail(parsed.error);
      }
      return;
    case 'time':
      if (typeof value !== 'string') typeError(value, path, shape, options);
      else if (Number.isNaN(Date.parse(value))) {
        options.fail(`parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse`);
      }
      return;
    case 'array':
      if (!Array.isArray(value)) typeError(value, path, shape, options);
      else
        value.forEach((item) => {
          check(item, shape.items, path, options);
        });
      return;
    case 'object':
      if (!isJsonObject(value)) typeError(value, path, shape, options);
      else {
        for (const [key, child] of Object.entries(value)) {
          const fieldShape = shape.fields[key];
          if (fieldShape === undefined) {
            if (options.strict) options.fail(`json: unknown field ${JSON.stringify(key)}`);
            continue;
          }
          check(child, fieldShape, path === '' ? key : `${path}.${key}`, options);
        }
      }
      return;
  }
}

/** Errors of the strict admin decoders go into `message` (`herodot.ErrBadRequest.WithError`). */
function failWithMessage(goError: string): never {
  throw badRequest().with({ message: goError });
}

/**
 * `PUT /admin/identities/{id}` decodes with decoderx (lenient: unknown fields are ignored);
 * errors become the reason `Unable to decode JSON payload: ...`.
 */
export function checkUpdateIdentityCredentials(credentials: JsonValue): void {
  check(credentials, CREDENTIALS, 'credentials', {
    strict: false,
    goStruct: 'UpdateIdentityBody',
    fail: (goError) => {
      throw badRequest(`Unable to decode JSON payload: ${goError}`);
    },
  });
}

const BATCH_PATCH_BODY = object({
  identities: array(object({ create: CREATE_IDENTITY_BODY, patch_id: uuid })),
});

/**
 * `PATCH /admin/identities` decodes strictly but writes the decoder error with
 * `WriteErrorCode(400, err)`: herodot wraps a plain Go error as a 500-style envelope
 * (`code: 500`, `Internal Server Error`) while the HTTP status is 400.
 */
export function checkBatchPatchBody(body: JsonValue): JsonObject {
  const fail = (goError: string): never => {
    throw new HerodotError({ code: 500, message: goError });
  };
  if (!isJsonObject(body)) {
    if (body === null) return {};
    fail(
      `json: cannot unmarshal ${goJsonKind(body)} into Go value of type identity.BatchPatchIdentitiesBody`,
    );
    return {};
  }
  check(body, BATCH_PATCH_BODY, '', { strict: true, goStruct: 'BatchPatchIdentitiesBody', fail });
  return body;
}

/** Validates the body's structure; afterwards fields can be read with simple type guards. */
export function checkCreateIdentityBody(body: JsonValue): JsonObject {
  if (!isJsonObject(body)) {
    if (body === null) return {};
    throw badRequest().with({
      message: `json: cannot unmarshal ${goJsonKind(body)} into Go value of type identity.CreateIdentityBody`,
    });
  }
  check(body, CREATE_IDENTITY_BODY, '', {
    strict: true,
    goStruct: 'CreateIdentityBody',
    fail: failWithMessage,
  });
  return body;
}
