/**
 * TOTP in the settings flow (`selfservice/strategy/totp/settings.go`): without a key the form shows
 * a new one (`totp_qr` image, `totp_secret_key` text, `totp_code` input); the first valid code stores
 * it and adds `totp` (aal2) to the session. With a key, `totp_unlink: true` removes it.
 */
import { csrfTokenFor } from '../csrf/csrf';
import type { SettingsFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { methodEnabledAndAllowed } from '../flow/strategyOutcome';
import { decodeBody, type FieldSpec } from '../http/body';
import { internalError } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { totpAccountName, type Identity } from '../identity/identity';
import { isJsonObject, type JsonObject } from '../json';
import { completedLoginFor } from '../session/session';
import { messages } from '../text/messages';
import { qrPngDataUri } from '../totp/qrCode';
import { newTotpKey, secretOf, validateTotp } from '../totp/totpKey';
import { imageNode, inputNode, setCsrf, submitNode, textNode, upsertById } from '../ui/nodes';
import { isPrivileged } from './profileSettings';
import { SettingsNeedsReauthError } from './settingsErrors';
import type { SettingsStrategy } from './settingsStrategy';

const FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['csrf_token', { type: 'string', required: false }],
  ['method', { type: 'string', required: false }],
  ['totp_code', { type: 'string', required: false }],
  ['totp_unlink', { type: 'boolean', required: false }],
  ['transient_payload', { type: 'json', required: false }],
]);

const unlinkNode = () =>
  inputNode('totp_unlink', 'totp', 'submit', {
    value: 'true',
    required: true,
    label: messages.infoSettingsUnlinkTotp(),
  });

/** A TOTP key counts (`CountActiveMultiFactorCredentials`) when its URL is set. */
export function hasTotp(identity: Identity): boolean {
  return (identity.credentials.totp?.config.totpUrl ?? '') !== '';
}

function csrfFor(ctx: RequestContext, flow: SettingsFlow): string {
  return flow.type === 'browser' ? csrfTokenFor(ctx) : '';
}

export const totpSettingsStrategy: SettingsStrategy = {
  id: 'totp',
  group: 'totp',
  enabled: (config) => config.totpEnabled,
  populate(ctx, flow, identity) {
    setCsrf(flow.ui, csrfFor(ctx, flow));
    if (hasTotp(identity)) {
      upsertById(flow.ui, unlinkNode());
      return;
    }
    const schema = ctx.deps.schemas.get(identity.schemaId) ?? ctx.deps.schemas.default;
    const key = newTotpKey(ctx.deps.config.totpIssuer, totpAccountName(identity, schema));
    flow.internal.totpUrl = key.url;
    upsertById(
      flow.ui,
      textNode(
        'totp_secret_key',
        messages.infoSettingsTotpSecret(key.secret),
        'totp',
        messages.infoSettingsTotpSecretLabel(),
      ),
    );
    upsertById(
      flow.ui,
      imageNode('totp_qr', qrPngDataUri(key.url), 'totp', 256, messages.infoSettingsTotpQrCode()),
    );
    upsertById(
      flow.ui,
      inputNode('totp_code', 'totp', 'text', { required: true, label: messages.labelVerifyOtp() }),
    );
    flow.ui.nodes.push(submitNode('totp', 'totp', messages.labelSave()));
  },
  async settings(ctx, flow, active) {
    const payload: JsonObject = await decodeBody(ctx, { allowedMethods: ['POST', 'GET'], fields: FIELDS });
    try {
      const invalid = ctx.deps.schemas.validateStaticPayload('totpSettings', payload);
      if (invalid) throw FlowValidationError.fromSchema(invalid);
      // `totp_unlink` is a submit button of its own: it implies the method.
      const method =
        payload.totp_unlink === true ? 'totp' : typeof payload.method === 'string' ? payload.method : '';
      methodEnabledAndAllowed('totp', method, ctx.deps.config.totpEnabled);
      if (isJsonObject(payload.transient_payload)) flow.transientPayload = payload.transient_payload;
      ensureCsrf(ctx, flow, typeof payload.csrf_token === 'string' ? payload.csrf_token : '');
      if (!isPrivileged(ctx, active.session)) throw new SettingsNeedsReauthError();
      const stored = ctx.deps.store.getIdentity(active.identity.id) ?? active.identity;
      const updated = structuredClone(stored);
      if (hasTotp(stored)) {
        if (payload.totp_unlink === true) delete updated.credentials.totp;
        return updated;
      }
      const keyUrl = flow.internal.totpUrl;
      if (keyUrl === undefined || secretOf(keyUrl) === '') {
        throw internalError(
          'Could not find the TOTP key in the internal context. This is a code bug and should be reported to https://github.com/ory/kratos/.',
        );
      }
      const code = typeof payload.totp_code === 'string' ? payload.totp_code : '';
      if (code === '') throw FlowValidationError.of('totp_code', messages.required('totp_code'));
      if (!validateTotp(secretOf(keyUrl), code, ctx.deps.now())) {
        throw FlowValidationError.of('totp_code', messages.totpVerifierWrong());
      }
      const now = ctx.deps.now();
      updated.credentials.totp = {
        type: 'totp',
        identifiers: [updated.id],
        config: { totpUrl: keyUrl },
        version: 0,
        createdAt: now,
        updatedAt: now,
      };
      flow.internal.totpUrl = undefined;
      // Adding the method proves it: the session gains `totp` (aal2).
      completedLoginFor(active.session, { method: 'totp', aal: 'aal2', completedAt: now });
      return updated;
    } catch (error) {
      flow.ui.messages = [];
      for (const node of flow.ui.nodes) node.messages = [];
      setCsrf(flow.ui, csrfFor(ctx, flow));
      throw error;
    }
  },
};
