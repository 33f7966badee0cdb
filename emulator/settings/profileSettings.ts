/**
 * The `profile` settings strategy (`selfservice/strategy/profile/strategy.go`): new traits are
 * validated against the identity schema; changing a protected field (a login identifier or an
 * address) needs a privileged session. Submitted traits are echoed into the form on errors.
 */
import { decodeBody } from '../http/body';
import type { SettingsFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import type { RequestContext } from '../http/requestContext';
import { applyTraitExtensions, passwordIdentifiers, type Identity } from '../identity/identity';
import { isJsonObject, stringField, type JsonObject, type JsonValue } from '../json';
import type { Session } from '../session/session';
import { messages } from '../text/messages';
import { findNode, inputNode, upsertNode, type UiContainer } from '../ui/nodes';
import { SettingsNeedsReauthError } from './settingsErrors';

/** `jsonx.Flatten`: leaves by dotted path, array elements by index (dots in keys escaped). */
function flattenJson(value: JsonValue | undefined, prefix: string, out: Map<string, unknown>): void {
  if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value))
      flattenJson(item, `${prefix}.${key.replace(/\./g, '\\.')}`, out);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      flattenJson(item, `${prefix}.${index}`, out);
    });
  } else if (value !== undefined) {
    out.set(prefix, value);
  }
}

/**
 * The profile strategy's `hydrateForm` on errors: every `traits.*` value is cleared, then the
 * submitted traits are written back; trait keys without a node get a new one (profile group,
 * typed by the value) — unknown keys included.
 */
function hydrateTraits(ui: UiContainer, traits: JsonValue | undefined): void {
  for (const node of ui.nodes) {
    if (node.type === 'input' && node.attributes.name.startsWith('traits.'))
      node.attributes.value = undefined;
  }
  const values = new Map<string, unknown>();
  flattenJson(traits, 'traits', values);
  for (const [name, value] of values) {
    const existing = findNode(ui, name);
    if (existing?.type === 'input') {
      existing.attributes.value = value;
      existing.group = 'profile';
      continue;
    }
    const type = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'checkbox' : 'text';
    upsertNode(ui, inputNode(name, 'profile', type, { value }));
  }
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
  let payload: JsonObject | undefined;
  try {
    const schema = ctx.deps.schemas.get(current.schemaId) ?? ctx.deps.schemas.default;
    payload = await decodeBody(ctx, { fields: schema.fields.profileSettings });
    const invalidPayload = schema.validatePayload('profileSettings', payload);
    if (invalidPayload) throw FlowValidationError.fromSchema(invalidPayload);
    if (isJsonObject(payload.transient_payload)) flow.transientPayload = payload.transient_payload;
    ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
    const traits = payload.traits ?? {};
    const invalid = schema.validateIdentity(traits);
    if (invalid) throw FlowValidationError.fromSchema(invalid);

    const now = ctx.deps.now();
    const updated = structuredClone(current);
    updated.traits = traits;
    applyTraitExtensions(updated, schema, now);
    const credential = updated.credentials.password;
    if (credential) credential.identifiers = passwordIdentifiers(schema, traits);
    if (protectedFields(updated) !== protectedFields(current) && !isPrivileged(ctx, session)) {
      throw new SettingsNeedsReauthError();
    }
    // Kratos v26.2.0 writes the identity back without `state_changed_at` (checked against a server).
    updated.stateChangedAt = undefined;
    updated.updatedAt = now;
    return updated;
  } catch (error) {
    if (payload !== undefined) hydrateTraits(flow.ui, payload.traits);
    throw error;
  }
}

export const profileDuplicate = (): FlowValidationError =>
  FlowValidationError.of('', messages.duplicateCredentials());
