/**
 * Backup codes as the second factor (`selfservice/strategy/lookup/login.go`): an `aal=aal2` flow of
 * an identity with backup codes shows `lookup_secret`; each code works once, and a used one says so.
 */
import { FlowValidationError } from '../flow/flowErrors';
import { messages } from '../text/messages';
import { secondFactorLoginStrategy } from './secondFactorLogin';

export const lookupLoginStrategy = secondFactorLoginStrategy({
  id: 'lookup_secret',
  field: 'lookup_secret',
  payloadKind: 'lookupLogin',
  enabled: (config) => config.lookupSecretEnabled,
  fieldLabel: messages.infoLoginLookupLabel,
  submitLabel: messages.infoLoginLookup,
  verify(ctx, identity, submitted) {
    const credential = identity?.credentials.lookup_secret;
    if (identity === undefined || credential === undefined)
      throw FlowValidationError.of('', messages.noLookup());
    const match = (credential.config.recoveryCodes ?? []).find((c) => c.code === submitted);
    if (match?.usedAt !== undefined) throw FlowValidationError.of('', messages.lookupAlreadyUsed());
    if (match === undefined) throw FlowValidationError.of('', messages.lookupInvalid());
    // `time.Now().UTC().Round(time.Second)`.
    match.usedAt = new Date(Math.round(ctx.deps.now().getTime() / 1000) * 1000);
    identity.updatedAt = ctx.deps.now();
    return identity;
  },
});
