/**
 * Strict decoding of `createIdentityBody` (`jsonx.NewStrictDecoder`): unknown fields and wrong JSON
 * types are rejected with Go's `encoding/json` messages, in the error's `message`.
 */
import { badRequest } from '../http/herodotError';
import { isUuid } from '../crypto/tokens';
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

const CREATE_IDENTITY_BODY = object({
  schema_id: string,
  traits: raw,
  credentials: object({
    password: object({
      config: object({ hashed_password: string, password: string, use_password_migration_hook: bool }),
    }),
    oidc: object({ config: object({ providers: array(PROVIDER) }) }),
    saml: object({ config: object({ providers: array(PROVIDER) }) }),
  }),
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

function typeError(value: JsonValue, path: string, shape: Shape): never {
  throw badRequest().with({
    message: `json: cannot unmarshal ${goJsonKind(value)} into Go struct field CreateIdentityBody.${path} of type ${GO_TYPES[shape.kind]}`,
  });
}

function check(value: JsonValue, shape: Shape, path: string): void {
  if (value === null) return; // null leaves Go values at their zero value
  switch (shape.kind) {
    case 'raw':
      return;
    case 'string':
      if (typeof value !== 'string') typeError(value, path, shape);
      return;
    case 'bool':
      if (typeof value !== 'boolean') typeError(value, path, shape);
      return;
    case 'uuid':
      if (typeof value !== 'string') typeError(value, path, shape);
      else if (!isUuid(value)) {
        throw badRequest().with({
          message: `uuid: incorrect UUID length ${value.length} in string ${JSON.stringify(value)}`,
        });
      }
      return;
    case 'time':
      if (typeof value !== 'string') typeError(value, path, shape);
      else if (Number.isNaN(Date.parse(value))) {
        throw badRequest().with({
          message: `parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse`,
        });
      }
      return;
    case 'array':
      if (!Array.isArray(value)) typeError(value, path, shape);
      else
        value.forEach((item) => {
          check(item, shape.items, path);
        });
      return;
    case 'object':
      if (!isJsonObject(value)) typeError(value, path, shape);
      else {
        for (const [key, child] of Object.entries(value)) {
          const fieldShape = shape.fields[key];
          if (fieldShape === undefined)
            throw badRequest().with({ message: `json: unknown field ${JSON.stringify(key)}` });
          check(child, fieldShape, path === '' ? key : `${path}.${key}`);
        }
      }
      return;
  }
}

/** Validates the body's structure; afterwards fields can be read with simple type guards. */
export function checkCreateIdentityBody(body: JsonValue): JsonObject {
  if (!isJsonObject(body)) {
    if (body === null) return {};
    throw badRequest().with({
      message: `json: cannot unmarshal ${goJsonKind(body)} into Go value of type identity.CreateIdentityBody`,
    });
  }
  check(body, CREATE_IDENTITY_BODY, '');
  return body;
}
