/**
 * The `password` settings strategy (`selfservice/strategy/password/settings.go`): privileged
 * session first, then the password itself — required, the bcrypt 72-byte limit, the policy
 * (length, similarity to each identifier) and 4000039 when it equals the current password (Kratos
 * runs the last two in parallel; the policy answers first). The new password is never echoed.
 */
import { hashPassword, verifyPassword } from '../crypto/passwordHash';
import type { SettingsFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { decodeBody, type FieldSpec } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import { passwordIdentifiers, type Identity } from '../identity/identity';
import { isJsonObject, stringField, type JsonObject } from '../json';
import { passwordPolicyViolation, passwordTooLong } from '../password/passwordPolicy';
import type { Session } from '../session/session';
import { messages } from '../text/messages';
import { setNodeValue } from '../ui/nodes';
import { isPrivileged } from './profileSettings';
import { SettingsNeedsReauthError } from './settingsErrors';

const FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['method', { type: 'string', required: false }],
  ['csrf_token', { type: 'string', required: false }],
  ['password', { type: 'string', required: true }],
  ['transient_payload', { type: 'json', required: false }],
]);

export async function updatePassword(
  ctx: RequestContext,
  flow: SettingsFlow,
  session: Session,
  current: Identity,
): Promise<Identity> {
  try {
    const payload: JsonObject = await decodeBody(ctx, {
      fields: FIELDS,
    });
    if (isJsonObject(payload.transient_payload)) flow.transientPayload = payload.transient_payload;
    ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
    if (!isPrivileged(ctx, session)) throw new SettingsNeedsReauthError();
    const password = stringField(payload, 'password');
    if (password === '') throw FlowValidationError.of('password', messages.required('password'));
    const tooLong = passwordTooLong(password);
    if (tooLong) throw FlowValidationError.of('password', tooLong);
    const schema = ctx.deps.schemas.get(current.schemaId) ?? ctx.deps.schemas.default;
    const identifiers = passwordIdentifiers(schema, current.traits);
    // Without identifiers the policy still applies, minus the similarity check.
    for (const identifier of identifiers.length > 0 ? identifiers : ['']) {
      const violation = passwordPolicyViolation(identifier, password);
      if (violation) throw FlowValidationError.of('password', violation);
    }
    const oldHash = current.credentials.password?.config.hashedPassword;
    if (oldHash !== undefined && (await verifyPassword(password, oldHash))) {
      throw FlowValidationError.of('password', messages.passwordSameAsOld());
    }
    const now = ctx.deps.now();
    const updated = structuredClone(current);
    const existing = updated.credentials.password;
    updated.credentials.password = {
      type: 'password',
      identifiers,
      config: { hashedPassword: await hashPassword(password) },
      version: existing?.version ?? 0,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    updated.updatedAt = now;
    return updated;
  } finally {
    setNodeValue(flow.ui, 'password', undefined);
  }
}
