/**
 * Admin identity endpoints (`identity/handler.go`): create, get (by id or external id), update
 * (PUT), patch (JSON Patch), delete, delete a credential, list, and the batch import. Every admin
 * route also answers without the `/admin` prefix on the admin port.
 */
import { badRequest, conflict, resourceNotFound } from '../http/herodotError';
import { readJsonBody } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import { sendEmpty, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { CREDENTIAL_TYPES, type Identity } from '../identity/identity';
import { identityJson } from '../identity/identityJson';
import { batchPatchIdentities } from './batchPatchIdentities';
import { checkCreateIdentityBody } from './createIdentityBody';
import { deleteIdentityCredentials } from './deleteIdentityCredentials';
import { validateIdentity } from './identityValidation';
import { identityFromCreateBody } from './importIdentity';
import { listIdentities } from './listIdentities';
import { patchIdentity } from './patchIdentity';
import { updateIdentity } from './updateIdentity';

async function createIdentity(ctx: RequestContext): Promise<void> {
  const { config, schemas, store } = ctx.deps;
  const now = ctx.deps.now();
  const body = checkCreateIdentityBody(await readJsonBody(ctx));
  const identity = await identityFromCreateBody(body, now);
  validateIdentity(identity, schemas, now);
  if (!store.insertIdentity(identity).ok) {
    throw conflict('This identity conflicts with another identity that already exists.');
  }
  sendJson(
    ctx,
    201,
    identityJson(identity, {
      publicBaseUrl: config.publicBaseUrl,
      adminMetadata: 'omit-unset',
      credentials: { declassify: [] },
    }),
    { Location: `${config.adminBaseUrl}identities/${identity.id}` },
  );
}

/** Mirrors a Go formatting slip in Kratos: the error prints the accepted types so far, not the bad one. */
function parseIncludeCredential(ctx: RequestContext): string[] {
  const accepted: string[] = [];
  for (const value of ctx.query.getAll('include_credential')) {
    if (!CREDENTIAL_TYPES.includes(value)) {
      throw badRequest(`Invalid value \`[${accepted.join(' ')}]\` for parameter \`include_credential\`.`);
    }
    accepted.push(value);
  }
  return accepted;
}

/** `WithCredentialsAndAdminMetadataInJSON` after `WithDeclassifiedCredentials`. */
function sendIdentity(ctx: RequestContext, identity: Identity): void {
  const declassify = parseIncludeCredential(ctx);
  sendJson(
    ctx,
    200,
    identityJson(identity, {
      publicBaseUrl: ctx.deps.config.publicBaseUrl,
      adminMetadata: 'always',
      credentials: { declassify },
    }),
  );
}

function getIdentity(ctx: RequestContext): void {
  const identity = ctx.deps.store.getIdentity(ctx.params.id ?? '');
  if (!identity) throw resourceNotFound();
  sendIdentity(ctx, identity);
}

/** `GET /admin/identities/by/external/{externalID}`: the mux never routes an empty segment here. */
function getIdentityByExternalId(ctx: RequestContext): void {
  const identity = ctx.deps.store.findByExternalId(ctx.params.externalID ?? '');
  if (!identity) throw resourceNotFound();
  sendIdentity(ctx, identity);
}

function deleteIdentity(ctx: RequestContext): void {
  if (!ctx.deps.store.deleteIdentity(ctx.params.id ?? '')) throw resourceNotFound();
  sendEmpty(ctx, 204);
}

export function registerIdentityRoutes(router: Router): void {
  router.post('/admin/identities', createIdentity);
  router.get('/admin/identities', listIdentities);
  router.add('PATCH', '/admin/identities', batchPatchIdentities);
  router.get('/admin/identities/by/external/{externalID}', getIdentityByExternalId);
  router.get('/admin/identities/{id}', getIdentity);
  router.add('PUT', '/admin/identities/{id}', updateIdentity);
  router.add('PATCH', '/admin/identities/{id}', patchIdentity);
  router.delete('/admin/identities/{id}', deleteIdentity);
  router.delete('/admin/identities/{id}/credentials/{type}', deleteIdentityCredentials);
}
