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
import { listTraitPaths, schemaType, type SchemaPath } from './schemaPaths';

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
  /** The form fields of each payload (how urlencoded bodies and queries are decoded). */
  readonly fields: Readonly<Record<PayloadKind, ReadonlyMap<string, FieldSpec>>>;
  /** Label of the login `identifier` node (`login.GetIdentifierLabelFromSchema`). */
  readonly identifierLabel: UiText;
}

export type PayloadKind =
  | 'passwordRegistration'
  | 'passkeyRegistration'
  | 'profileSettings'
  | 'profileRegistration'
  | 'codeRegistration'
  | 'oidcRegistration';

/** Payload schemas that do not embed the identity schema (`selfservice/strategy/<method>/.schema`). */
export type StaticPayloadKind =
  | 'totpLogin'
  | 'totpSettings'
  | 'lookupLogin'
  | 'lookupSettings'
  | 'codeLogin'
  | 'identifierFirstLogin'
  | 'oidcSettings'
  | 'linkRecovery';

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

/** OIDC's `upstream_parameters` (login, registration and settings schemas). */
const UPSTREAM_PARAMETERS: JsonObject = {
  type: 'object',
  properties: {
    login_hint: { type: 'string' },
    hd: { type: 'string' },
    prompt: { type: 'string' },
    auth_type: { type: 'string' },
    acr_values: { type: 'string' },
  },
};

const STATIC_PAYLOAD_SCHEMAS: Record<StaticPayloadKind, JsonObject> = {
  totpLogin: {
    type: 'object',
    required: ['totp_code', 'method'],
    properties: {
      csrf_token: { type: 'string' },
      method: { type: 'string' },
      totp_code: { type: 'string', minLength: 6 },
      transient_payload: TRANSIENT_PAYLOAD,
    },
  },
  totpSettings: {
    type: 'object',
    properties: {
      csrf_token: { type: 'string' },
      method: { type: 'string' },
      totp_code: { type: 'string' },
      totp_unlink: { type: 'boolean' },
      transient_payload: TRANSIENT_PAYLOAD,
    },
  },
  lookupLogin: {
    type: 'object',
    required: ['lookup_secret', 'method'],
    properties: {
      csrf_token: { type: 'string' },
      method: { type: 'string' },
      lookup_secret: { type: 'string' },
      transient_payload: TRANSIENT_PAYLOAD,
    },
  },
  lookupSettings: {
    type: 'object',
    properties: {
      csrf_token: { type: 'string' },
      method: { type: 'string' },
      lookup_secret_disable: { type: 'boolean' },
      lookup_secret_reveal: { type: 'boolean' },
      lookup_secret_regenerate: { type: 'boolean' },
      lookup_secret_confirm: { type: 'boolean' },
      transient_payload: TRANSIENT_PAYLOAD,
    },
  },
  codeLogin: {
    type: 'object',
    properties: {
      method: { type: 'string' },
      code: { type: 'string' },
      identifier: { type: 'string' },
      address: { type: 'string' },
      resend: { type: 'string', enum: ['code'] },
      flow: { type: 'string', format: 'uuid' },
      csrf_token: { type: 'string' },
      transient_payload: TRANSIENT_PAYLOAD,
    },
  },
  identifierFirstLogin: {
    type: 'object',
    properties: {
      csrf_token: { type: 'string' },
      identifier: { type: 'string', minLength: 1 },
      method: { type: 'string' },
      transient_payload: TRANSIENT_PAYLOAD,
    },
  },
  oidcSettings: {
    type: 'object',
    properties: {
      link: { type: 'string' },
      csrf_token: { type: 'string' },
      unlink: { type: 'string' },
      upstream_parameters: UPSTREAM_PARAMETERS,
      transient_payload: TRANSIENT_PAYLOAD,
    },
  },
  linkRecovery: {
    type: 'object',
    properties: {
      method: { type: 'string' },
      token: { type: 'string' },
      email: { type: 'string', format: 'email' },
      flow: { type: 'string', format: 'uuid' },
      csrf_token: { type: 'string' },
      transient_payload: TRANSIENT_PAYLOAD,
    },
  },
};

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
    profileRegistration: {
      type: 'object',
      properties: {
        csrf_token: { type: 'string' },
        traits,
        screen: { type: 'string', enum: ['credential-selection', 'previous'] },
        method: { type: 'string' },
        transient_payload: TRANSIENT_PAYLOAD,
      },
    },
    codeRegistration: {
      type: 'object',
      properties: {
        method: { type: 'string' },
        csrf_token: { type: 'string' },
        code: { type: 'string' },
        resend: { type: 'string', enum: ['code'] },
        traits,
        transient_payload: TRANSIENT_PAYLOAD,
      },
    },
    oidcRegistration: {
      type: 'object',
      properties: {
        csrf_token: { type: 'string' },
        provider: { type: 'string', minLength: 1 },
        traits,
        transient_payload: TRANSIENT_PAYLOAD,
        method: { type: 'string' },
        upstream_parameters: UPSTREAM_PARAMETERS,
        id_token: { type: 'string' },
        id_token_nonce: { type: 'string' },
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
function fieldType(type: SchemaPath['type'], itemType?: SchemaPath['type']): FieldType | undefined {
  switch (type) {
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
      return itemType === 'number' || itemType === 'integer'
        ? 'number[]'
        : itemType === 'boolean'
          ? 'boolean[]'
          : 'string[]';
    default:
      return undefined;
  }
}

/** The fields of each payload besides `csrf_token`, `method`, `transient_payload` and the traits. */
const OWN_PAYLOAD_FIELDS: Record<PayloadKind, Readonly<Record<string, FieldType>>> = {
  passwordRegistration: { password: 'string' },
  passkeyRegistration: { passkey_register: 'string' },
  profileSettings: { action: 'string' },
  profileRegistration: { screen: 'string', flow: 'string' },
  codeRegistration: { code: 'string', resend: 'string' },
  oidcRegistration: {
    provider: 'string',
    upstream_parameters: 'json',
    id_token: 'string',
    id_token_nonce: 'string',
  },
};

/**
 * The paths of a payload schema whose `traits` point at the identity schema: the payload's own
 * fields, the ones every payload has, `traits` (an object) and every trait path.
 */
function payloadFields(
  own: Readonly<Record<string, FieldType>>,
  traitPaths: readonly SchemaPath[],
): Map<string, FieldSpec> {
  const fields = new Map<string, FieldSpec>();
  const all: Record<string, FieldType> = {
    csrf_token: 'string',
    method: 'string',
    transient_payload: 'json',
    ...own,
  };
  for (const [name, type] of Object.entries(all)) fields.set(name, { type, required: false });
  fields.set('traits', { type: 'json', required: false });
  for (const path of traitPaths) {
    const type = fieldType(path.type, path.itemType);
    if (type !== undefined) fields.set(path.name, { type, required: path.required });
  }
  return fields;
}

/**
 * The form fields of a payload schema that does not embed the identity schema: its properties
 * (objects are taken as raw JSON, not walked into) and its `required` list.
 */
export function staticPayloadFields(kind: StaticPayloadKind): ReadonlyMap<string, FieldSpec> {
  const schema = STATIC_PAYLOAD_SCHEMAS[kind];
  const required = Array.isArray(schema.required) ? schema.required : [];
  const fields = new Map<string, FieldSpec>();
  for (const [name, property] of Object.entries(isJsonObject(schema.properties) ? schema.properties : {})) {
    const type = isJsonObject(property) ? fieldType(schemaType(property)) : undefined;
    if (type !== undefined) fields.set(name, { type, required: required.includes(name) });
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
    for (const [kind, schema] of Object.entries(STATIC_PAYLOAD_SCHEMAS)) {
      this.documents.add(`emulator://payload/static/${kind}`, schema);
    }
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
    const fields = (kind: PayloadKind): Map<string, FieldSpec> =>
      payloadFields(OWN_PAYLOAD_FIELDS[kind], traitPaths);
    return {
      id,
      raw,
      traitPaths,
      fields: {
        passwordRegistration: fields('passwordRegistration'),
        passkeyRegistration: fields('passkeyRegistration'),
        profileSettings: fields('profileSettings'),
        profileRegistration: fields('profileRegistration'),
        codeRegistration: fields('codeRegistration'),
        oidcRegistration: fields('oidcRegistration'),
      },
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

  /** A strategy payload that does not embed the identity schema (TOTP, backup codes, code login...). */
  validateStaticPayload(kind: StaticPayloadKind, payload: JsonObject): OryValidationError | undefined {
    return this.documents.validate(`emulator://payload/static/${kind}`, payload);
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
