/**
 * Walks an identity schema like ory/x `jsonschemax.ListPaths`: the trait fields in schema order,
 * their types, formats, titles, required flags and `ory.sh/kratos` extension settings (which fields
 * are login identifiers, verifiable and recovery addresses).
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../json';

export interface KratosExtension {
  readonly passwordIdentifier: boolean;
  /** `credentials.code.identifier` with its `via` (`email`/`sms`), when the field is a code identifier. */
  readonly codeIdentifierVia?: string;
  readonly totpAccountName?: boolean;
  readonly verificationVia?: string;
  readonly recoveryVia?: string;
}

export interface SchemaPath {
  /** Dotted name, e.g. `traits.email`. */
  readonly name: string;
  readonly type: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'unknown';
  readonly format?: string;
  readonly pattern?: string;
  readonly title?: string;
  readonly maxLength?: number;
  readonly required: boolean;
  readonly extension: KratosExtension;
  /** Objects with properties are walked into and not listed as fields themselves. */
  readonly leaf: boolean;
  /** For arrays: the single type of `items`, if there is one. */
  readonly itemType?: SchemaPath['type'];
}

const EXTENSION_KEY = 'ory.sh/kratos';

function str(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function child(value: JsonValue | undefined, key: string): JsonValue | undefined {
  return isJsonObject(value) ? value[key] : undefined;
}

export function parseExtension(schema: JsonObject): KratosExtension {
  const ext = schema[EXTENSION_KEY];
  const code = child(child(ext, 'credentials'), 'code');
  return {
    passwordIdentifier: child(child(child(ext, 'credentials'), 'password'), 'identifier') === true,
    codeIdentifierVia: child(code, 'identifier') === true ? (str(child(code, 'via')) ?? 'email') : undefined,
    totpAccountName: child(child(child(ext, 'credentials'), 'totp'), 'account_name') === true,
    verificationVia: str(child(child(ext, 'verification'), 'via')),
    recoveryVia: str(child(child(ext, 'recovery'), 'via')),
  };
}

/** Resolves local `$ref`s (`#/definitions/x`) against the root schema. */
function resolve(schema: JsonObject, root: JsonObject, depth = 0): JsonObject {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || depth > 10) return schema;
  let target: JsonValue | undefined = root;
  for (const part of ref.slice(2).split('/'))
    target = child(target, part.replace(/~1/g, '/').replace(/~0/g, '~'));
  return isJsonObject(target) ? resolve({ ...target, ...schema, $ref: null }, root, depth + 1) : schema;
}

/**
 * Array traits (`emails: string[]`) carry the extension on `items`: Kratos runs it for every
 * element, so each element becomes an identifier or address.
 */
function extensionOf(schema: JsonObject, root: JsonObject): KratosExtension {
  const own = parseExtension(schema);
  const items = schema.items;
  if (!isJsonObject(items)) return own;
  const element = parseExtension(resolve(items, root));
  return {
    passwordIdentifier: own.passwordIdentifier || element.passwordIdentifier,
    codeIdentifierVia: own.codeIdentifierVia ?? element.codeIdentifierVia,
    totpAccountName: own.totpAccountName === true || element.totpAccountName === true,
    verificationVia: own.verificationVia ?? element.verificationVia,
    recoveryVia: own.recoveryVia ?? element.recoveryVia,
  };
}

/** The `jsonschemax` type of a schema node: its first known `type`, else `object` when it has properties. */
export function schemaType(schema: JsonObject): SchemaPath['type'] {
  const raw = schema.type;
  const candidates = Array.isArray(raw) ? raw : [raw];
  for (const candidate of candidates) {
    if (
      candidate === 'string' ||
      candidate === 'number' ||
      candidate === 'integer' ||
      candidate === 'boolean' ||
      candidate === 'object' ||
      candidate === 'array'
    ) {
      return candidate;
    }
  }
  return isJsonObject(schema.properties) ? 'object' : 'unknown';
}

function walk(
  schema: JsonObject,
  root: JsonObject,
  prefix: string,
  required: boolean,
  out: SchemaPath[],
): void {
  const resolved = resolve(schema, root);
  const type = schemaType(resolved);
  const properties = resolved.properties;
  if (type === 'object' && isJsonObject(properties)) {
    if (prefix !== '') {
      out.push({ name: prefix, type, required, extension: parseExtension(resolved), leaf: false });
    }
    const requiredList = Array.isArray(resolved.required) ? resolved.required : [];
    for (const [key, value] of Object.entries(properties)) {
      if (!isJsonObject(value)) continue;
      walk(value, root, prefix === '' ? key : `${prefix}.${key}`, requiredList.includes(key), out);
    }
    return;
  }
  out.push({
    name: prefix,
    type,
    format: str(resolved.format),
    pattern: str(resolved.pattern),
    title: str(resolved.title),
    maxLength: typeof resolved.maxLength === 'number' ? resolved.maxLength : undefined,
    required,
    extension: extensionOf(resolved, root),
    leaf: true,
    itemType: isJsonObject(resolved.items) ? schemaType(resolve(resolved.items, root)) : undefined,
  });
}

/** All paths below `properties.traits`, named `traits.<...>`, in schema order. */
export function listTraitPaths(identitySchema: JsonObject): SchemaPath[] {
  const traits = child(identitySchema.properties, 'traits');
  if (!isJsonObject(traits)) return [];
  const out: SchemaPath[] = [];
  walk(traits, identitySchema, 'traits', false, out);
  return out.filter((path) => path.name !== 'traits');
}

/** Reads a dotted path (`traits.email` → `traits.email` inside `{traits: {...}}`). */
export function valueAt(document: JsonValue, dotted: string): JsonValue | undefined {
  let cursor: JsonValue | undefined = document;
  for (const part of dotted.split('.')) cursor = child(cursor, part);
  return cursor;
}
