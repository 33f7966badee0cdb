/**
 * The `profile` settings strategy (`selfservice/strategy/profile/strategy.go`): new traits are
 * validated against the identity schema; changing a protected field (a login identifier or an
 * address) needs a privileged session. Submitted traits are echoed into the form on errors.
 */
import type { FieldSpec } from '../http/body';
import { decodeBody } from '../http/body';
import type { SettingsFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import type { RequestContext } from '../http/requestContext';
import { deriveAddresses, passwordIdentifiers, type Identity } from '../identity/identity';
import { isJsonObject, type JsonObject } from '../json';
import type { Session } from '../session/session';
import { messages } from '../text/messages';
import { flatten, setNodeValue } from '../ui/nodes';
import { SettingsNeedsReauthError } from './settingsErrors';

function payloadFields(ctx: RequestContext, identity: Identity): Map<string, FieldSpec> {
  const schema = ctx.deps.schemas.get(identity.schemaId) ?? ctx.deps.schemas.default;
  const fields = new Map<string, FieldSpec>([
    ['method', { type: 'string', required: false }],
    ['csrf_token', { type: 'string', required: false }],
    ['transient_payload', { type: 'json', required: false }],
  ]);
  for (const [name, spec] of schema.registrationFields)
    if (name.startsWith('traits.')) fields.set(name, spec);
  return fields;
}

/** What `ManagerAllowWriteProtectedTraits` guards: identifiers and addresses. */
function protectedFields(identity: Identity): string {
  const identifiers = identity.credentials.password?.identifiers ?? [];
  return JSON.stringify([
    [...identifiers].sort(),
    identity.verifiableAddresses.map((a) => `${a.via}:${a.value}`).sort(),
    identity.recoveryAddresses.map((a) => `${a.via}:${a.value}`).sort(),
  ]);
}

export function isPrivileged(ctx: RequestContext, session: Session): boolean {
  const until = session.authenticatedAt.getTime() + ctx.deps.config.privilegedSessionMaxAgeMs;
  return until >= ctx.deps.now().getTime();
}

/** Returns the updated identity (not yet stored) or throws what the error handler expects. */
export async function updateProfile(
  ctx: RequestContext,
  flow: SettingsFlow,
  session: Session,
  current: Identity,
): Promise<Identity> {
  let payload: JsonObject = {};
  try {
    payload = await decodeBody(ctx, {
      fields: payloadFields(ctx, current),
      goType: 'profile.updateSettingsFlowWithProfileMethod',
      stringFields: ['method', 'csrf_token'],
    });
    if (isJsonObject(payload.transient_payload)) flow.transientPayload = payload.transient_payload;
    ensureCsrf(ctx, flow, typeof payload.csrf_token === 'string' ? payload.csrf_token : '');
    const schema = ctx.deps.schemas.get(current.schemaId) ?? ctx.deps.schemas.default;
    const traits = payload.traits ?? null;
    const violations = schema.validateIdentity(traits);
    if (violations.length > 0) throw FlowValidationError.fromViolations(violations);

    const now = ctx.deps.now();
    const updated = structuredClone(current);
    updated.traits = traits;
    deriveAddresses(updated, schema, now);
    const credential = updated.credentials.password;
    if (credential) credential.identifiers = passwordIdentifiers(schema, traits);
    if (protectedFields(updated) !== protectedFields(current) && !isPrivileged(ctx, session)) {
      throw new SettingsNeedsReauthError();
    }
    updated.updatedAt = now;
    return updated;
  } catch (error) {
    for (const [name, value] of flatten(payload.traits, 'traits')) setNodeValue(flow.ui, name, value);
    throw error;
  }
}

export const profileDuplicate = (): FlowValidationError =>
  FlowValidationError.of('', messages.duplicateCredentials());
