/**
 * The configured identity schemas, compiled once with ajv (draft-07, all errors, Go-compatible
 * email format), plus the self-service payload schemas that embed them the way Kratos does
 * (`registration.DecodeBody` points `properties.traits.$ref` at the identity schema).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FieldSpec, FieldType } from '../http/body';
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from '../json';
import { messages, type UiText } from '../text/messages';
import { isGoEmail } from './goFormats';
import { listTraitPaths, type SchemaPath } from './schemaPaths';
import { translateErrors, type SchemaViolation } from './violations';

export interface IdentitySchema {
  readonly id: string;
  /** The schema exactly as configured (served by `GET /schemas/{id}`). */
  readonly raw: JsonObject;
  readonly traitPaths: readonly SchemaPath[];
  /** Validates `{ traits }` against the schema (the identity validator). */
  validateIdentity(traits: JsonValue | undefined): SchemaViolation[];
  /** Validates a password registration payload (`password`, `traits`, ...). */
  validateRegistrationPayload(payload: JsonObject): SchemaViolation[];
  /** Form fields of the registration payload for urlencoded bodies. */
  readonly registrationFields: ReadonlyMap<string, FieldSpec>;
  /** Label of the login `identifier` node (`login.GetIdentifierLabelFromSchema`). */
  readonly identifierLabel: UiText;
}

/** `schema.IDToURL`: unpadded base64url of the id. */
export function schemaIdToUrlSegment(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

const LOGIN_PAYLOAD_SCHEMA = {
  $id: 'emulator://payload/login/password',
  type: 'object',
  required: ['password', 'method'],
  properties: {
    csrf_token: { type: 'string' },
    password: { type: 'string', minLength: 1 },
    identifier: { type: 'string', minLength: 1 },
    method: { type: 'string' },
  },
  if: {
    properties: { password_identifier: { type: 'string', minLength: 1 } },
    required: ['password_identifier'],
  },
  then: { required: ['password_identifier'] },
  else: { required: ['identifier'] },
};

export const LOGIN_FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['csrf_token', { type: 'string', required: false }],
  ['identifier', { type: 'string', required: false }],
  ['password_identifier', { type: 'string', required: false }],
  ['password', { type: 'string', required: true }],
  ['method', { type: 'string', required: true }],
  ['transient_payload', { type: 'json', required: false }],
]);

function fieldType(path: SchemaPath): FieldType {
  switch (path.type) {
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    default:
      return 'json';
  }
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
  private readonly ajv: Ajv;
  private readonly byId = new Map<string, IdentitySchema>();
  private readonly validateLogin: ValidateFunction;
  readonly defaultId: string;

  constructor(schemas: readonly { id: string; schema: JsonObject }[]) {
    this.ajv = new Ajv({ allErrors: true, verbose: true, strict: false, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addFormat('email', { type: 'string', validate: isGoEmail });
    this.validateLogin = this.ajv.compile(LOGIN_PAYLOAD_SCHEMA);
    const first = schemas[0];
    if (first === undefined) throw new Error('At least one identity schema is required.');
    this.defaultId = first.id;
    for (const entry of schemas) this.byId.set(entry.id, this.compile(entry.id, entry.schema));
  }

  private compile(id: string, raw: JsonObject): IdentitySchema {
    // A private $id per schema: user schemas may share (or lack) an $id.
    const ref = `emulator://identity-schemas/${encodeURIComponent(id)}`;
    const identityDoc: JsonObject = { ...cloneJson(raw), $id: ref };
    const validateIdentity = this.ajv.compile(identityDoc);
    const validateRegistration = this.ajv.compile({
      $id: `emulator://payload/registration/${encodeURIComponent(id)}`,
      type: 'object',
      required: ['password', 'traits'],
      properties: {
        csrf_token: { type: 'string' },
        method: { type: 'string' },
        password: { type: 'string', minLength: 1 },
        traits: { $ref: `${ref}#/properties/traits` },
        transient_payload: { type: 'object' },
      },
    });
    const traitPaths = listTraitPaths(raw);
    const registrationFields = new Map<string, FieldSpec>([
      ['csrf_token', { type: 'string', required: false }],
      ['method', { type: 'string', required: false }],
      ['password', { type: 'string', required: true }],
      ['transient_payload', { type: 'json', required: false }],
    ]);
    for (const path of traitPaths) {
      if (path.leaf) registrationFields.set(path.name, { type: fieldType(path), required: path.required });
    }
    return {
      id,
      raw,
      traitPaths,
      registrationFields,
      identifierLabel: identifierLabel(traitPaths),
      validateIdentity: (traits) => {
        const doc: JsonObject = { traits: traits ?? null };
        return validateIdentity(doc) ? [] : translateErrors(validateIdentity.errors ?? []);
      },
      validateRegistrationPayload: (payload) =>
        validateRegistration(payload) ? [] : translateErrors(validateRegistration.errors ?? []),
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

  validateLoginPayload(payload: JsonObject): SchemaViolation[] {
    return this.validateLogin(payload) ? [] : translateErrors(this.validateLogin.errors ?? []);
  }
}

export function toJsonObject(value: object): JsonObject {
  const copy: unknown = JSON.parse(JSON.stringify(value));
  if (!isJsonObject(copy)) throw new Error('identity schemas must be JSON objects');
  return copy;
}
