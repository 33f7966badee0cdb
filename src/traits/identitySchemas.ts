/**
 * The identity schemas typed traits are generated from: those saved in the repository by `npm run schema:traits`
 * (schema/__generated__/identity-schemas.json, the default: the API stays what clients generated code from), or
 * those Ory serves when the server starts (`TRAITS_SCHEMAS=served`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OryClients } from '../ory/clients';
import { createOryFrontend } from '../ory/frontend';
import { isRecord } from '../ory/oryError';
import { SCHEMA_DIR, staticTypeNames } from '../schema';
import { buildTraitsModel, type ServedIdentitySchema } from './traitsModel';
import { createTraitsRuntime, type TraitsRuntime } from './traitsRuntime';

export const IDENTITY_SCHEMAS_FILE = path.join(SCHEMA_DIR, '__generated__', 'identity-schemas.json');

/** Identity schemas in Ory's `listIdentitySchemas` shape; anything else is ignored. */
export function identitySchemasFrom(value: unknown): ServedIdentitySchema[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) =>
    isRecord(item) && typeof item.id === 'string' && isRecord(item.schema)
      ? [{ id: item.id, schema: item.schema }]
      : [],
  );
}

export function readSavedIdentitySchemas(file = IDENTITY_SCHEMAS_FILE): ServedIdentitySchema[] {
  return identitySchemasFrom(JSON.parse(readFileSync(file, 'utf8')));
}

/** The identity schemas Ory serves now (a public endpoint: no credentials), within `timeoutMs`. */
export function servedIdentitySchemas(
  clients: OryClients,
  timeoutMs: number,
): Promise<ServedIdentitySchema[]> {
  const ory = createOryFrontend(clients, {
    credentials: { sessionToken: null, oryCookies: null },
    cookies: { relay: () => undefined },
    scope: {
      deadlineAt: Date.now() + timeoutMs,
      stats: { calls: 0, statuses: [] },
      budget: { left: 1, max: 1 },
    },
    device: { ip: null, userAgent: null },
    assertNativeAllowed: () => undefined,
  });
  return ory.schemas.list().then(identitySchemasFrom);
}

/** Typed traits for these identity schemas, named around the rest of the schema. */
export function traitsRuntimeFor(schemas: readonly ServedIdentitySchema[]): TraitsRuntime {
  return createTraitsRuntime(buildTraitsModel(schemas, staticTypeNames()));
}

/** Typed traits from the identity schemas saved in the repository. */
export function savedTraits(): TraitsRuntime {
  return traitsRuntimeFor(readSavedIdentitySchemas());
}
