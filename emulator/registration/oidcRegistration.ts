/**
 * The `oidc` registration strategy (`selfservice/strategy/oidc/strategy_registration.go`): a "Sign up
 * with …" button per provider; submitting one (with the traits typed so far, which then win over the
 * provider's) sends the browser to the provider. Completing a registration whose traits were
 * incomplete is the same submit with the traits filled in.
 */
import { submitSocialSignIn } from '../oidc/oidcSubmit';
import { addProviderNode } from '../oidc/oidcProviders';
import { messages } from '../text/messages';
import { setCsrf } from '../ui/nodes';
import { flowCsrf } from './passwordRegistration';
import type { RegistrationStrategy } from './registrationStrategy';

export const oidcRegistrationStrategy: RegistrationStrategy = {
  id: 'oidc',
  group: 'oidc',
  enabled: (config) => config.oidcProviders.length > 0,
  populate(ctx, flow) {
    setCsrf(flow.ui, flowCsrf(ctx, flow));
    for (const provider of ctx.deps.config.oidcProviders) {
      addProviderNode(flow.ui, provider.id, messages.infoRegistrationWith(provider.label, provider.id));
    }
  },
  populateProfile(ctx, flow) {
    setCsrf(flow.ui, flowCsrf(ctx, flow));
    for (const provider of ctx.deps.config.oidcProviders) {
      addProviderNode(flow.ui, provider.id, messages.infoRegistrationWith(provider.label, provider.id));
    }
  },
  populateCredentials(ctx, flow) {
    setCsrf(flow.ui, flowCsrf(ctx, flow));
    for (const provider of ctx.deps.config.oidcProviders) {
      addProviderNode(flow.ui, provider.id, messages.infoRegistrationWith(provider.label, provider.id));
    }
  },
  register: (ctx, flow) => submitSocialSignIn(ctx, flow),
};
