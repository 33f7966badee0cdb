/**
 * Social accounts in settings (`selfservice/strategy/oidc/strategy_settings.go`): a "Link …" button
 * per provider not linked yet, an "Unlink …" one per linked provider while the identity keeps
 * another first factor. Linking goes through the provider; unlinking saves at once.
 */
import { formCsrfToken } from '../csrf/csrf';
import type { SettingsFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { CompletedByStrategy, StrategyNotResponsible, strategyDisabled } from '../flow/strategyOutcome';
import { decodeBody } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import type { Identity } from '../identity/identity';
import { staticPayloadFields } from '../identity/schemaRegistry';
import { isJsonObject, stringField } from '../json';
import { findProvider, linkedProviders, oidcIdentifier } from '../oidc/oidcProviders';
import { startSocialSignIn } from '../oidc/oidcStart';
import { countFirstFactors } from '../session/assurance';
import { messages } from '../text/messages';
import { inputNode, removeNodes, setCsrf } from '../ui/nodes';
import { isPrivileged } from './profileSettings';
import { SettingsNeedsReauthError } from './settingsErrors';
import type { SettingsStrategy } from './settingsStrategy';

const generic = (text: string): FlowValidationError =>
  FlowValidationError.of('', messages.validationGeneric(text));

function unlink(ctx: RequestContext, identity: Identity, providerId: string): Identity {
  const linked = linkedProviders(ctx.deps.config, identity);
  if (countFirstFactors(identity, ctx.deps.config) < 2) {
    throw generic(
      'can not unlink OpenID Connect connection because it is the last remaining first factor credential',
    );
  }
  if (!linked.some((p) => p.id === providerId))
    throw generic('can not unlink non-existing OpenID Connect connection');
  const updated = structuredClone(identity);
  const credential = updated.credentials.oidc;
  if (credential) {
    const kept = (credential.config.providers ?? []).filter((p) => p.provider !== providerId);
    credential.config.providers = kept;
    credential.identifiers = kept.map((p) => oidcIdentifier(p.provider, p.subject));
    credential.updatedAt = ctx.deps.now();
  }
  return updated;
}

export const oidcSettingsStrategy: SettingsStrategy = {
  id: 'oidc',
  group: 'oidc',
  enabled: (config) => config.oidcProviders.length > 0,
  populate(ctx, flow, identity) {
    const { config } = ctx.deps;
    removeNodes(flow.ui, 'unlink', 'link');
    setCsrf(flow.ui, formCsrfToken(ctx, flow));
    const linked = linkedProviders(config, identity);
    for (const provider of config.oidcProviders) {
      if (linked.includes(provider)) continue;
      flow.ui.nodes.push(
        inputNode('link', 'oidc', 'submit', {
          value: provider.id,
          label: messages.infoSettingsLinkOidc(provider.label),
        }),
      );
    }
    if (countFirstFactors(identity, config) > 1) {
      for (const provider of linked) {
        flow.ui.nodes.push(
          inputNode('unlink', 'oidc', 'submit', {
            value: provider.id,
            label: messages.infoSettingsUnlinkOidc(provider.label),
          }),
        );
      }
    }
  },
  async settings(ctx, flow: SettingsFlow, active) {
    const payload = await decodeBody(ctx, {
      allowedMethods: ['POST', 'GET'],
      fields: staticPayloadFields('oidcSettings'),
    });
    const link = stringField(payload, 'link');
    const toUnlink = stringField(payload, 'unlink');
    if (link === '' && toUnlink === '') throw new StrategyNotResponsible();
    if (ctx.deps.config.oidcProviders.length === 0) throw strategyDisabled();
    flow.transientPayload = isJsonObject(payload.transient_payload) ? payload.transient_payload : undefined;
    try {
      const invalid = ctx.deps.schemas.validateStaticPayload('oidcSettings', payload);
      if (invalid) throw FlowValidationError.fromSchema(invalid);
      ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
      if (link !== '' && toUnlink !== '') {
        throw generic('it is not possible to link and unlink providers in the same request');
      }
      const identity = ctx.deps.store.getIdentity(active.identity.id) ?? active.identity;
      if (toUnlink !== '') {
        if (!isPrivileged(ctx, active.session)) throw new SettingsNeedsReauthError();
        return unlink(ctx, identity, toUnlink);
      }
      const provider = findProvider(ctx.deps.config, link);
      if (!provider || linkedProviders(ctx.deps.config, identity).includes(provider)) {
        throw generic('can not link unknown or already existing OpenID Connect connection');
      }
      if (!isPrivileged(ctx, active.session)) throw new SettingsNeedsReauthError();
      return startSocialSignIn(ctx, flow, provider);
    } catch (error) {
      if (!(error instanceof CompletedByStrategy)) {
        flow.ui.messages = [];
        setCsrf(flow.ui, formCsrfToken(ctx, flow));
      }
      throw error;
    }
  },
};
