/**
 * The configured identity schemas plus the self-service payload schemas that embed them the way
 * Kratos does (`registration.DecodeBody` points `properties.traits.$ref` at the identity schema),
 * validated with ory/jsonschema's rules ({@link OrySchemaSet}). Identity validation also runs the
 * `ory.sh/kratos` extension checks (`identity/extension_verification.go`, `extension_recovery.go`).
 */
import type { FieldSpec, FieldType } from '../http/body';
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from '../json';
import { messages, type UiText } from '../text/messages';
import {
  checkFormat,
  extensionError,
  OrySchemaSet,
  type ExtensionCheck,
  type OryValidationError,
} from './oryJsonSchema';
import { listTraitPaths, type SchemaPath } from './schemaPaths';

export interface IdentitySchema {
  readonly id: string;
  /** The schema exactly as configured (served by `GET /schemas/{id}`). */
  readonly raw: JsonObject;
  readonly traitPaths: readonly SchemaPath[];
  /**
   * The identity validator: `{traits}` against the schema, with the extension checks. Traits that
   * were never set (`undefined`) are validated as `{}`, like Kratos' empty `json.RawMessage`.
   */
  validateIdentity(traits: JsonValue | undefined): OryValidationError | undefined;
  /** A self-service payload (`password/registration`, `passkey/registration`, `profile/settings`). */
  validatePayload(kind: PayloadKind, payload: JsonObject): OryValidationError | undefined;
  /** Form fields of the registration payload for urlencoded bodies. */
  readonly registrationFields: ReadonlyMap<string, FieldSpec>;
  /** Label of the login `identifier` node (`login.GetIdentifierLabelFromSchema`). */
  readonly identifierLabel: UiText;
}

export type PayloadKind = 'passwordRegistration' | 'passkeyRegistration' | 'profileSettings';

export function schemaIdToUrlSegment(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/** `selfservice/strategy/password/.schema/login.schema.json`. */
const LOGIN_PAYLOAD_SCHEMA: JsonObject = {
  type: 'object',
  properties: {
    csrf_token: { type: 'string' },
    password: { type: 'string', minLength: 1 },
    identifier: { type: 'string', minLength: 1 },
    method: { type: 'string' },
    transient_payload: { type: 'object', additionalProperties: true },
  },
  allOf: [
    {
      if: { properties: { method: { const: 'password' } }, required: ['method'] },
      then: { required: ['password'] },
    },
    {
      if: {
        properties: { password_identifier: { type: 'string', minLength: 1 } },
        required: ['password_identifier'],
      },
      then: { required: ['password_identifier'] },
      else: { required: ['identifier'] },
    },
  ],
};
const LOGIN_PAYLOAD_URL = 'emulator://payload/login/password';

/** `selfservice/strategy/code/.schema/verification.schema.json`. */
const VERIFICATION_PAYLOAD_SCHEMA: JsonObject = {
  type: 'object',
  properties: {
    method: { type: 'string', enum: ['code', 'link'] },
    code: { type: 'string' },
    email: { type: 'string', format: 'email' },
    flow: { type: 'string', format: 'uuid' },
    csrf_token: { type: 'string' },
    transient_payload: { type: 'object', additionalProperties: true },
  },
};
const VERIFICATION_PAYLOAD_URL = 'emulator://payload/verification/code';

const TRANSIENT_PAYLOAD: JsonObject = { type: 'object', additionalProperties: true };

/** The payload schemas of the strategies, `traits` pointing at `traitsRef`. */
function payloadSchemas(traitsRef: string): Record<PayloadKind, JsonObject> {
  const traits = { $ref: traitsRef };
  return {
    passwordRegistration: {
      type: 'object',
      properties: {
        csrf_token: { type: 'string' },
        password: { type: 'string', minLength: 1 },
        traits,
        method: { type: 'string' },
        transient_payload: TRANSIENT_PAYLOAD,
      },
      if: { properties: { method: { const: 'password' } }, required: ['method'] },
      then: { required: ['password'] },
    },
    passkeyRegistration: {
      type: 'object',
      properties: {
        csrf_token: { type: 'string' },
        traits,
        method: { type: 'string' },
        passkey_register: { type: 'string' },
        transient_payload: TRANSIENT_PAYLOAD,
      },
    },
    profileSettings: {
      type: 'object',
      required: ['traits'],
      properties: {
        method: { type: 'string' },
        traits,
        csrf_token: { type: 'string' },
        action: { type: 'string' },
        transient_payload: TRANSIENT_PAYLOAD,
      },
    },
  };
}

function str(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

function child(value: JsonValue | undefined, key: string): JsonValue | undefined {
  return isJsonObject(value) ? value[key] : undefined;
}

/** Go's `%q` of the extension's value (a string for all sane schemas). */
function quoted(value: JsonValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : `%!q(${typeof value}=${JSON.stringify(value)})`;
}

/**
 * The validate runners of `identity.Validator.Validate`, first error wins: credentials (no
 * checks for passwords), verification (a format check only when the schema has no `format`),
 * recovery (always checks the address format: an invalid email is reported twice).
 */
const kratosExtension: ExtensionCheck = (extension, schema, value) => {
  const via = str(child(child(extension, 'verification'), 'via'));
  if (via !== '' && (schema.format === undefined || schema.format === '')) {
    if (via !== 'email') {
      return extensionError(
        'format',
        'no format specified. A format is required if verification is enabled. If this was intentional, please set "format" to "no-validate"',
      );
    }
    if (!checkFormat('email', value))
      return extensionError('format', `${quoted(value)} is not valid "email"`);
  }
  const recovery = str(child(child(extension, 'recovery'), 'via'));
  if (recovery === 'email' && !checkFormat('email', value)) {
    return extensionError('format', `${quoted(value)} is not valid "email"`);
  }
  if (recovery === 'sms' && !checkFormat('tel', value)) {
    return extensionError('format', `${quoted(value)} is not valid "tel"`);
  }
  if (recovery !== '' && recovery !== 'email' && recovery !== 'sms') {
    return extensionError('', `recovery.via has unknown value ${JSON.stringify(recovery)}`);
  }
  return undefined;
};

export const LOGIN_FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['csrf_token', { type: 'string', required: false }],
  ['identifier', { type: 'string', required: false }],
  ['password_identifier', { type: 'string', required: false }],
  ['password', { type: 'string', required: true }],
  ['method', { type: 'string', required: true }],
  ['transient_payload', { type: 'json', required: false }],
]);

/** `jsonschemax` path types; paths without one (no or several types) are not form fields. */
function fieldType(path: SchemaPath): FieldType | undefined {
  switch (path.type) {
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'object':
      return 'json';
    case 'array':
      return path.itemType === 'number' || path.itemType === 'integer'
        ? 'number[]'
        : path.itemType === 'boolean'
          ? 'boolean[]'
          : 'string[]';
    default:
      return undefined;
  }
}

/**
 * The paths of a payload schema whose `traits` point at the identity schema: the payload's own
 * fields, `traits` (an object) and every trait path.
 */
export function payloadFields(
  own: Readonly<Record<string, FieldType>>,
  traitPaths: readonly SchemaPath[],
): Map<string, FieldSpec> {
  const fields = new Map<string, FieldSpec>();
  for (const [name, type] of Object.entries(own)) fields.set(name, { type, required: false });
  fields.set('traits', { type: 'json', required: false });
  for (const path of traitPaths) {
    const type = fieldType(path);
    if (type !== undefined) fields.set(path.name, { type, required: path.required });
  }
  return fields;
}

/** The login identifier label: the title of the single identifier field, else "ID". */
function identifierLabel(paths: readonly SchemaPath[]): UiText {
  const identifiers = paths.filter((p) => p.extension.passwordIdentifier);
  const only = identifiers[0];
  if (identifiers.length === 1 && only?.title !== undefined && only.title !== '') {
    return messages.labelGenerated(only.title, only.name);
  }
  return messages.labelId();
}

export class SchemaRegistry {
  private readonly documents = new OrySchemaSet();
  private readonly byId = new Map<string, IdentitySchema>();
  readonly defaultId: string;

  constructor(schemas: readonly { id: string; schema: JsonObject }[]) {
    this.documents.add(LOGIN_PAYLOAD_URL, LOGIN_PAYLOAD_SCHEMA);
    this.documents.add(VERIFICATION_PAYLOAD_URL, VERIFICATION_PAYLOAD_SCHEMA);
    const first = schemas[0];
    if (first === undefined) throw new Error('At least one identity schema is required.');
    this.defaultId = first.id;
    for (const entry of schemas) this.byId.set(entry.id, this.compile(entry.id, entry.schema));
  }

  private compile(id: string, raw: JsonObject): IdentitySchema {
    // A private URL per schema: user schemas may share (or lack) an $id.
    const url = `emulator://identity-schemas/${encodeURIComponent(id)}`;
    this.documents.add(url, cloneJson(raw));
    const payloadUrl = (kind: PayloadKind): string => `emulator://payload/${kind}/${encodeURIComponent(id)}`;
    for (const [kind, schema] of Object.entries(payloadSchemas(`${url}#/properties/traits`))) {
      this.documents.add(payloadUrl(kind as PayloadKind), schema);
    }
    const traitPaths = listTraitPaths(raw);
    const registrationFields = payloadFields(
      { csrf_token: 'string', method: 'string', password: 'string', transient_payload: 'json' },
      traitPaths,
    );
    return {
      id,
      raw,
      traitPaths,
      registrationFields,
      identifierLabel: identifierLabel(traitPaths),
      validateIdentity: (traits) =>
        this.documents.validate(url, { traits: traits === undefined ? {} : traits }, kratosExtension),
      validatePayload: (kind, payload) => this.documents.validate(payloadUrl(kind), payload),
    };
  }

  get(id: string): IdentitySchema | undefined {
    return this.byId.get(id);
  }

  /** `GET /schemas/{id}` accepts the id or its unpadded base64url form. */
  find(idOrEncoded: string): IdentitySchema | undefined {
    const direct = this.byId.get(idOrEncoded);
    if (direct) return direct;
    if (!/^[A-Za-z0-9_-]+$/.test(idOrEncoded)) return undefined;
    return this.byId.get(Buffer.from(idOrEncoded, 'base64url').toString('utf8'));
  }

  get default(): IdentitySchema {
    const schema = this.byId.get(this.defaultId);
    if (!schema) throw new Error('default identity schema missing');
    return schema;
  }

  all(): IdentitySchema[] {
    return [...this.byId.values()];
  }

  validateLoginPayload(payload: JsonObject): OryValidationError | undefined {
    return this.documents.validate(LOGIN_PAYLOAD_URL, payload);
  }

  validateVerificationPayload(payload: JsonObject): OryValidationError | undefined {
    return this.documents.validate(VERIFICATION_PAYLOAD_URL, payload);
  }
}

export function toJsonObject(value: object): JsonObject {
  const copy: unknown = JSON.parse(JSON.stringify(value));
  if (!isJsonObject(copy)) throw new Error('identity schemas must be JSON objects');
  return copy;
}
