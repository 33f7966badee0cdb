/**
 * What `IdentityManager.Create/Update` do before persisting: validate the traits against the
 * identity's schema and let the schema extensions re-derive password identifiers and addresses
 * (`identity/validator.go`, `identity/extension_*.go`).
 */
import { HerodotError, badRequest } from '../http/herodotError';
import { applyTraitExtensions, passwordIdentifiers, type Identity } from '../identity/identity';
import type { SchemaRegistry } from '../identity/schemaRegistry';
import { errorText } from '../identity/oryJsonSchema';
import type { EmulatorDeps } from '../deps';

/** Validates in place; unknown schemas and invalid traits are 400s with Kratos' reasons. */
export function validateIdentity(identity: Identity, schemas: SchemaRegistry, now: Date): void {
  const schemaId = identity.schemaId === '' ? schemas.defaultId : identity.schemaId;
  const schema = schemas.get(schemaId);
  if (!schema) throw badRequest(`Unable to find JSON Schema ID: ${schemaId}`);
  identity.schemaId = schema.id;
  const invalid = schema.validateIdentity(identity.traits);
  if (invalid) throw badRequest(errorText(invalid));
  const password = identity.credentials.password;
  if (password) password.identifiers = passwordIdentifiers(schema, identity.traits);
  applyTraitExtensions(identity, schema, now);
}

/** `sqlcon.ErrUniqueViolation`, which `UpdateIdentity` returns unwrapped. */
export function uniqueViolation(): HerodotError {
  return new HerodotError({
    code: 409,
    message: 'Unable to insert or update resource because a resource with that value exists already',
  });
}

/**
 * `IdentityManager.Update`: validates a changed copy of a stored identity and swaps it in. The
 * stored object is untouched when validation or a unique constraint fails.
 */
export function saveUpdatedIdentity(deps: EmulatorDeps, updated: Identity, now: Date): void {
  validateIdentity(updated, deps.schemas, now);
  updated.updatedAt = now;
  if (!deps.store.updateIdentity(updated).ok) throw uniqueViolation();
}

/** Working copies keep handlers from half-updating the stored identity on errors. */
export function copyIdentity(identity: Identity): Identity {
  return structuredClone(identity);
}
