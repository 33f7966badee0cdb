/**
 * `PUT /admin/identities/{id}` (`identity/handler.go` `update`): a full replacement of traits,
 * `metadata_public`, `metadata_admin` and `external_id` (omitted means cleared); `schema_id` and
 * `state` change only when sent; `credentials`, when sent, are imported on top of the existing
 * ones. The body goes through decoderx (JSON only, unknown fields ignored).
 */
import { CONTENT_TYPE_JSON, decodeBody } from '../http/body';
import { badRequest, resourceNotFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendJson } from '../http/respond';
import { identityJson } from '../identity/identityJson';
import { isJsonObject, stringField } from '../json';
import { checkUpdateIdentityCredentials } from './createIdentityBody';
import { copyIdentity, saveUpdatedIdentity } from './identityValidation';
import { importCredentials } from './importIdentity';

export async function updateIdentity(ctx: RequestContext): Promise<void> {
  const body = await decodeBody(ctx, {
    allowedContentTypes: [CONTENT_TYPE_JSON],
    fields: new Map(),
    plainJson: { goType: 'identity.UpdateIdentityBody', stringFields: ['schema_id', 'state', 'external_id'] },
  });
  if (body.credentials !== undefined) checkUpdateIdentityCredentials(body.credentials);

  const stored = ctx.deps.store.getIdentity(ctx.params.id ?? '');
  if (!stored) throw resourceNotFound();
  const now = ctx.deps.now();
  const identity = copyIdentity(stored);

  const schemaId = stringField(body, 'schema_id');
  if (schemaId !== '') identity.schemaId = schemaId;
  const state = stringField(body, 'state');
  if (state !== '' && state !== identity.state) {
    if (state !== 'active' && state !== 'inactive') throw badRequest('identity state is not valid');
    identity.state = state;
    identity.stateChangedAt = now;
  }
  // Traits that were not sent are validated (and stored) as `{}`, an explicit null as null.
  identity.traits = body.traits === undefined ? {} : body.traits;
  identity.metadataPublic = body.metadata_public ?? null;
  identity.metadataAdmin = body.metadata_admin ?? null;
  const externalId = stringField(body, 'external_id');
  identity.externalId = externalId === '' ? undefined : externalId;
  if (isJsonObject(body.credentials)) await importCredentials(identity, body.credentials, now);

  saveUpdatedIdentity(ctx.deps, identity, now);
  sendJson(
    ctx,
    200,
    identityJson(identity, {
      publicBaseUrl: ctx.deps.config.publicBaseUrl,
      // `metadata_admin` is `omitempty` on the raw body value: absent when not sent.
      adminMetadata: 'metadata_admin' in body ? 'always' : 'omit-unset',
      credentials: { declassify: [] },
    }),
  );
}
