/**
 * The `oidc` login strategy (`selfservice/strategy/oidc/strategy_login.go`): one "Sign in with …"
 * button per provider (on the refresh form only the providers the identity linked; on the
 * identifier-first second screen only those of the hinted identity), and the submit that sends the
 * browser to the provider.
 */
import { submitSocialSignIn } from '../oidc/oidcSubmit';
import { addProviderNode, linkedProviders, removeProviderNodes } from '../oidc/oidcProviders';
import type { LoginFlow } from '../flow/flow';
import type { RequestContext } from '../http/requestContext';
import type { OidcProviderConfig } from '../options';
import { messages } from '../text/messages';
import { setCsrf } from '../ui/nodes';
import { checkAal, NoCredentialsFound, type LoginStrategy } from './loginStrategy';

function addButtons(flow: LoginFlow, providers: readonly OidcProviderConfig[]): void {
  for (const provider of providers) {
    addProviderNode(flow.ui, provider.id, messages.infoLoginWith(provider.label, provider.id));
  }
}

function populate(ctx: RequestContext, flow: LoginFlow): void {
  setCsrf(flow.ui, flow.csrfToken);
  addButtons(flow, ctx.deps.config.oidcProviders);
}

export const oidcLoginStrategy: LoginStrategy = {
  id: 'oidc',
  group: 'oidc',
  enabled: (config) => config.oidcProviders.length > 0,
  aal1: {
    firstFactor: populate,
    identifierFirstIdentification: populate,
    firstFactorRefresh(ctx, flow, active) {
      setCsrf(flow.ui, flow.csrfToken);
      addButtons(flow, linkedProviders(ctx.deps.config, active.identity));
    },
    identifierFirstCredentials(ctx, flow, hint) {
      const linked = hint ? linkedProviders(ctx.deps.config, hint) : [];
      if (linked.length === 0) {
        if (hint) removeProviderNodes(flow.ui, ctx.deps.config);
        throw new NoCredentialsFound();
      }
      removeProviderNodes(flow.ui, ctx.deps.config);
      addButtons(flow, linked);
    },
  },
  async login(ctx, flow) {
    checkAal(flow, 'aal1');
    return submitSocialSignIn(ctx, flow);
  },
  completedMethod: (_ctx, now) => ({ method: 'oidc', aal: 'aal1', completedAt: now }),
};
