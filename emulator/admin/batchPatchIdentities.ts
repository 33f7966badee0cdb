/**
 * `PATCH /admin/identities` (`batchPatchIdentities`): creates up to 1000 identities (200 with
 * clear-text passwords). Body errors abort the request; schema validation failures and unique
 * conflicts are reported per identity as `action: "error"` entries, the rest is created.
 */
import { goJsonSyntaxError, isJsonObject, parseJson, type JsonObject, type JsonValue } from '../json';
import { BodyTooLargeError } from '../http/body';
import { badRequest, HerodotError } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendError, sendJson } from '../http/respond';
import type { Identity } from '../identity/identity';
import { checkBatchPatchBody } from './createIdentityBody';
import { parseGoUuid } from './goUuid';
import { uniqueViolation, validateIdentity } from './identityValidation';
import { identityFromCreateBody } from './importIdentity';

const MAX_IDENTITIES = 1000;
const MAX_WITH_PLAINTEXT_PASSWORD = 200;

interface PatchResult {
  action: 'create' | 'error';
  identity?: string;
  patch_id?: string;
  error?: Record<string, unknown>;
}

/** `WriteErrorCode(w, r, 400, err)` with a plain Go error: status 400, herodot's 500-style body. */
async function readBody(ctx: RequestContext): Promise<JsonObject> {
  let text: string;
  try {
    text = (await ctx.body()).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new HerodotError({ code: 500, message: error.message });
    throw error;
  }
  let parsed: JsonValue;
  try {
    parsed = parseJson(text);
  } catch {
    throw new HerodotError({ code: 500, message: goJsonSyntaxError(text) });
  }
  return checkBatchPatchBody(parsed);
}

/** A herodot `DefaultError` as the batch response embeds it. */
function errorJson(error: HerodotError): Record<string, unknown> {
  return { code: error.code, status: error.status, reason: error.reason, message: error.message };
}

function hasPlaintextPassword(create: JsonObject): boolean {
  const credentials = create.credentials;
  const password = isJsonObject(credentials) ? credentials.password : undefined;
  const config = isJsonObject(password) ? password.config : undefined;
  return isJsonObject(config) && typeof config.password === 'string' && config.password !== '';
}

export async function batchPatchIdentities(ctx: RequestContext): Promise<void> {
  let body: JsonObject;
  try {
    body = await readBody(ctx);
  } catch (error) {
    if (error instanceof HerodotError && error.code === 500) {
      sendError(ctx, error, 400);
      return;
    }
    throw error;
  }
  const patches = Array.isArray(body.identities) ? body.identities : [];
  if (patches.length > MAX_IDENTITIES) {
    throw badRequest(
      `The maximum number of identities per request that can be created or deleted at once is ${MAX_IDENTITIES}.`,
    );
  }

  const now = ctx.deps.now();
  const results: (PatchResult | null)[] = [];
  const created: { result: PatchResult; identity: Identity }[] = [];
  let plaintext = 0;
  for (const patch of patches) {
    const create = isJsonObject(patch) && isJsonObject(patch.create) ? patch.create : undefined;
    if (!isJsonObject(patch) || !create) {
      results.push(null); // Go leaves the response slot of a patch without `create` nil.
      continue;
    }
    const patchId = typeof patch.patch_id === 'string' ? parseGoUuid(patch.patch_id) : undefined;
    const result: PatchResult = { action: 'create', patch_id: patchId?.ok ? patchId.id : undefined };
    results.push(result);
    created.push({ result, identity: await identityFromCreateBody(create, now) });
    if (hasPlaintextPassword(create)) plaintext++;
  }
  if (plaintext > MAX_WITH_PLAINTEXT_PASSWORD) {
    throw badRequest(
      `The maximum number of identities per request that can be created with a plaintext password is ${MAX_WITH_PLAINTEXT_PASSWORD}.`,
    );
  }

  for (const { result, identity } of created) {
    try {
      validateIdentity(identity, ctx.deps.schemas, now);
    } catch (error) {
      if (!(error instanceof HerodotError)) throw error;
      result.action = 'error';
      result.error = errorJson(error);
      continue;
    }
    if (ctx.deps.store.insertIdentity(identity).ok) {
      result.identity = identity.id;
    } else {
      result.action = 'error';
      result.error = errorJson(uniqueViolation());
    }
  }
  sendJson(ctx, 200, {
    identities: results.map((r) =>
      r === null ? null : { action: r.action, identity: r.identity, patch_id: r.patch_id, error: r.error },
    ),
  });
}
