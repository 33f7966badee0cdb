/**
 * Admin identity endpoints (`identity/handler.go`): create, get, delete and list with filters and
 * keyset pagination. Every admin route also answers without the `/admin` prefix on the admin port.
 */
import { badRequest, conflict, HerodotError, resourceNotFound } from '../http/herodotError';
import { readJsonBody } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import { sendEmpty, sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { CREDENTIAL_TYPES } from '../identity/identity';
import { identityJson } from '../identity/identityJson';
import { checkCreateIdentityBody } from './createIdentityBody';
import { identityFromCreateBody } from './importIdentity';
import { listIdentities } from './listIdentities';

async function createIdentity(ctx: RequestContext): Promise<void> {
  const { config, schemas, store } = ctx.deps;
  const body = checkCreateIdentityBody(await readJsonBody(ctx));
  const identity = await identityFromCreateBody(body, schemas, ctx.deps.now());
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

function getIdentity(ctx: RequestContext): void {
  const identity = ctx.deps.store.getIdentity(ctx.params.id ?? '');
  if (!identity) throw resourceNotFound();
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

function deleteIdentity(ctx: RequestContext): void {
  if (!ctx.deps.store.deleteIdentity(ctx.params.id ?? '')) throw resourceNotFound();
  sendEmpty(ctx, 204);
}

/** Handlers throw herodot errors; this writes them like Kratos' `Writer().WriteError`. */
function writingErrors(handler: (ctx: RequestContext) => Promise<void> | void) {
  return async (ctx: RequestContext): Promise<void> => {
    try {
      await handler(ctx);
    } catch (error) {
      if (error instanceof HerodotError) sendError(ctx, error);
      else throw error;
    }
  };
}

export function registerIdentityRoutes(router: Router): void {
  router.post('/admin/identities', writingErrors(createIdentity));
  router.get('/admin/identities', writingErrors(listIdentities));
  router.get('/admin/identities/{id}', writingErrors(getIdentity));
  router.delete('/admin/identities/{id}', writingErrors(deleteIdentity));
}
