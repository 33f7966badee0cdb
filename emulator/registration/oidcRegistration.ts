/**
 * The `oidc` registration strategy (`selfservice/strategy/oidc/strategy_registration.go`): a "Sign up
 * with …" button per provider; submitting one (with the traits typed so far, which then win over the
 * provider's) sends the browser to the provider. Completing a registration whose traits were
 * incomplete is the same submit with the traits filled in.
 */
import { formCsrfToken } from '../csrf/csrf';
import type { RegistrationFlow } from '../flow/flow';
import type { RequestContext } from '../http/requestContext';
import { submitSocialSignIn } from '../oidc/oidcSubmit';
import { addProviderNode } from '../oidc/oidcProviders';
import { messages } from '../text/messages';
import { setCsrf } from '../ui/nodes';
import type { RegistrationStrategy } from './registrationStrategy';

function addButtons(ctx: RequestContext, flow: RegistrationFlow): void {
  setCsrf(flow.ui, formCsrfToken(ctx, flow));
  for (const provider of ctx.deps.config.oidcProviders) {
    addProviderNode(flow.ui, provider.id, messages.infoRegistrationWith(provider.label, provider.id));
  }
}

export const oidcRegistrationStrategy: RegistrationStrategy = {
  id: 'oidc',
  group: 'oidc',
  enabled: (config) => config.oidcProviders.length > 0,
  // The same buttons on every screen of every registration style.
  populate: addButtons,
  populateProfile: addButtons,
  populateCredentials: addButtons,
  register: (ctx, flow) => submitSocialSignIn(ctx, flow),
};
