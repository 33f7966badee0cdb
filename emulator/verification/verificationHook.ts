/**
 * The verification hook Kratos inserts before the `session` hook when verification is enabled
 * (`selfservice/hook/verification.go`): a verification flow in state `sent_email` for the first
 * unverified, not yet contacted address, the code email, and (with the `show_verification_ui` hook
 * of the §11 config) a `continue_with` item pointing at that flow.
 */
import type { ContinueWith } from '../flow/continueWith';
import type { FlowType } from '../flow/flow';
import type { RequestContext } from '../http/requestContext';
import type { Identity } from '../identity/identity';
import { sendVerificationLinkFlow } from './linkVerification';
import { sendVerificationCode } from './sendVerificationCode';
import { codeSentUi, createVerificationFlow, verificationUiUrl } from './verificationFlow';

export function runVerificationHook(
  ctx: RequestContext,
  type: FlowType,
  identity: Identity,
): ContinueWith | undefined {
  if (!ctx.deps.config.verificationEnabled) return undefined;
  const address = identity.verifiableAddresses.find((a) => !a.verified && a.status === 'pending');
  if (address === undefined) return undefined;
  const flow = createVerificationFlow(ctx, type, { replacing: true });
  if (ctx.deps.config.verificationUse === 'link') {
    sendVerificationLinkFlow(ctx, flow, address.value);
  } else {
    sendVerificationCode(ctx, flow, address.value);
    flow.state = 'sent_email';
    flow.ui = codeSentUi(ctx, flow, address.value);
  }
  ctx.deps.store.saveFlow(flow);
  return {
    action: 'show_verification_ui',
    flow: {
      id: flow.id,
      verifiable_address: address.value,
      url: type === 'browser' ? verificationUiUrl(ctx, flow.id) : undefined,
    },
  };
}
