/**
 * `PATCH /admin/identities/{id}` (`identity/handler.go` `patch`): an RFC 6902 patch applied to the
 * identity's JSON, re-validated like any update. The body is read raw (no content-type check) and
 * the identity is looked up before the patch is parsed, so unknown ids are 404 whatever the body.
 * Patching `/credentials/password/config/password` is accepted but changes nothing, exactly like
 * Kratos (which never hashes it); set passwords with PUT and `credentials.password.config.password`.
 */
import { BodyTooLargeError } from '../http/body';
import { badRequest, resourceNotFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendJson } from '../http/respond';
import { identityJson } from '../identity/identityJson';
import { isJsonObject, type JsonValue } from '../json';
import type { Identity } from '../identity/identity';
import { identityFromPatchDocument, patchDocument, PATCH_DENIED_PATHS } from './identityPatchDocument';
import { saveUpdatedIdentity } from './identityValidation';
import { applyPatch, decodePatch, JsonPatchError } from './jsonPatch';

async function readRaw(ctx: RequestContext): Promise<string> {
  try {
    return (await ctx.body()).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw badRequest().with({ message: error.message });
    throw error;
  }
}

export async function patchIdentity(ctx: RequestContext): Promise<void> {
  const text = await readRaw(ctx);
  const stored = ctx.deps.store.getIdentity(ctx.params.id ?? '');
  if (!stored) throw resourceNotFound();
  const now = ctx.deps.now();

  let patched: JsonValue;
  let identity: Identity;
  try {
    const operations = decodePatch(text, PATCH_DENIED_PATHS);
    patched = applyPatch(patchDocument(stored, ctx.deps.config.publicBaseUrl), operations);
    identity = identityFromPatchDocument(stored, patched, now);
  } catch (error) {
    if (error instanceof JsonPatchError) {
      // "occured" is Kratos' spelling.
      throw badRequest('An error occured when applying the JSON patch').with({ message: error.message });
    }
    throw error;
  }

  saveUpdatedIdentity(ctx.deps, identity, now);
  sendJson(
    ctx,
    200,
    identityJson(identity, {
      publicBaseUrl: ctx.deps.config.publicBaseUrl,
      // The document always carries `metadata_admin` unless the patch removed it.
      adminMetadata: isJsonObject(patched) && 'metadata_admin' in patched ? 'always' : 'omit-unset',
      credentials: { declassify: [] },
    }),
  );
}
