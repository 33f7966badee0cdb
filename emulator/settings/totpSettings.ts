/**
 * TOTP in the settings flow (`selfservice/strategy/totp/settings.go`): without a key the form shows
 * a new one (`totp_qr` image, `totp_secret_key` text, `totp_code` input); the first valid code stores
 * it and adds `totp` (aal2) to the session. With a key, `totp_unlink: true` removes it.
 */
import { formCsrfToken } from '../csrf/csrf';
import { FlowValidationError } from '../flow/flowErrors';
import { decodeBody } from '../http/body';
import { internalError } from '../http/herodotError';
import { totpAccountName, type Identity } from '../identity/identity';
import { staticPayloadFields } from '../identity/schemaRegistry';
import { stringField, type JsonObject } from '../json';
import { messages } from '../text/messages';
import { qrPngDataUri } from '../totp/qrCode';
import { newTotpKey, secretOf, validateTotp } from '../totp/totpKey';
import { imageNode, inputNode, setCsrf, submitNode, textNode, upsertById } from '../ui/nodes';
import { acceptSecondFactorSubmit, addSecondFactor, resetSecondFactorForm } from './secondFactorSettings';
import type { SettingsStrategy } from './settingsStrategy';

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

export const totpSettingsStrategy: SettingsStrategy = {
  id: 'totp',
  group: 'totp',
  enabled: (config) => config.totpEnabled,
  populate(ctx, flow, identity) {
    setCsrf(flow.ui, formCsrfToken(ctx, flow));
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
    const payload: JsonObject = await decodeBody(ctx, {
      allowedMethods: ['POST', 'GET'],
      fields: staticPayloadFields('totpSettings'),
    });
    try {
      const invalid = ctx.deps.schemas.validateStaticPayload('totpSettings', payload);
      if (invalid) throw FlowValidationError.fromSchema(invalid);
      // `totp_unlink` is a submit button of its own: it implies the method.
      const method = payload.totp_unlink === true ? 'totp' : stringField(payload, 'method');
      const stored = acceptSecondFactorSubmit(ctx, flow, active, payload, {
        id: 'totp',
        submitted: method,
        enabled: ctx.deps.config.totpEnabled,
      });
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
      const code = stringField(payload, 'totp_code');
      if (code === '') throw FlowValidationError.of('totp_code', messages.required('totp_code'));
      if (!validateTotp(secretOf(keyUrl), code, ctx.deps.now())) {
        throw FlowValidationError.of('totp_code', messages.totpVerifierWrong());
      }
      addSecondFactor(updated, active, 'totp', { totpUrl: keyUrl }, ctx.deps.now());
      flow.internal.totpUrl = undefined;
      return updated;
    } catch (error) {
      resetSecondFactorForm(ctx, flow);
      throw error;
    }
  },
};
