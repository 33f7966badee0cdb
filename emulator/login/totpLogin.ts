/**
 * The TOTP second factor at login (`selfservice/strategy/totp/login.go`): an `aal=aal2` flow of an
 * identity with a TOTP key shows `totp_code`; a valid RFC 6238 code upgrades the session to aal2.
 */
import { FlowValidationError } from '../flow/flowErrors';
import { messages } from '../text/messages';
import { secretOf, validateTotp } from '../totp/totpKey';
import { secondFactorLoginStrategy } from './secondFactorLogin';

export const totpLoginStrategy = secondFactorLoginStrategy({
  id: 'totp',
  field: 'totp_code',
  payloadKind: 'totpLogin',
  enabled: (config) => config.totpEnabled,
  fieldLabel: messages.infoLoginTotpLabel,
  submitLabel: messages.infoLoginTotp,
  verify(ctx, identity, code) {
    const keyUrl = identity?.credentials.totp?.config.totpUrl;
    if (identity === undefined || keyUrl === undefined)
      throw FlowValidationError.of('', messages.noTotpDevice());
    if (!validateTotp(secretOf(keyUrl), code, ctx.deps.now())) {
      throw FlowValidationError.of('', messages.totpVerifierWrong());
    }
    return identity;
  },
});
