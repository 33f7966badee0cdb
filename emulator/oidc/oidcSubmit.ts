/**
 * What the login and registration strategies of `oidc` share (`newLinkDecoder` and the checks of
 * `Strategy.Login`/`Register`): the submitted provider, the method guard, unknown providers (404),
 * and native `id_token` submissions (idToken.ts), which sign in or register at once.
 */
import type { LoginFlow, RegistrationFlow } from '../flow/flow';
import { CompletedByStrategy, StrategyNotResponsible } from '../flow/strategyOutcome';
import { decodeBody } from '../http/body';
import { notFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { isJsonObject, stringField, type JsonObject } from '../json';
import type { OidcProviderConfig } from '../options';
import { schemaForFlow } from '../registration/registrationSchema';
import { findProvider } from './oidcProviders';
import { claimsFromIdToken } from './idToken';
import { startSocialSignIn } from './oidcStart';
import {
  processLogin,
  processRegistration,
  writeIncompleteTraits,
  type ProviderAnswer,
} from './socialSignIn';

export async function submitSocialSignIn(
  ctx: RequestContext,
  flow: LoginFlow | RegistrationFlow,
): Promise<never> {
  const schema = flow.kind === 'registration' ? schemaForFlow(ctx, flow) : ctx.deps.schemas.default;
  // `newLinkDecoder` decodes without validating (the traits are checked once the provider answered).
  const payload: JsonObject = await decodeBody(ctx, {
    allowedMethods: ['POST', 'GET'],
    fields: schema.fields.oidcRegistration,
  });
  const providerId =
    typeof payload.provider === 'string' ? payload.provider : (ctx.query.get('provider') ?? '');
  if (providerId === '') throw new StrategyNotResponsible();
  const method = stringField(payload, 'method');
  if (method !== '' && method.toLowerCase() !== 'oidc') throw new StrategyNotResponsible();
  flow.transientPayload = isJsonObject(payload.transient_payload) ? payload.transient_payload : undefined;
  const provider: OidcProviderConfig | undefined = findProvider(ctx.deps.config, providerId);
  if (!provider)
    throw notFound(`OpenID Connect Provider "${providerId}" is unknown or has not been configured`);
  const traits =
    isJsonObject(payload.traits) && Object.keys(payload.traits).length > 0 ? payload.traits : undefined;
  if (typeof payload.id_token === 'string' && payload.id_token !== '') {
    const nonce = stringField(payload, 'id_token_nonce');
    const answer: ProviderAnswer = {
      provider,
      claims: claimsFromIdToken(provider, payload.id_token, nonce),
      traits,
      transientPayload: flow.transientPayload,
      via: 'idToken',
    };
    const incomplete =
      flow.kind === 'login' ? processLogin(ctx, flow, answer) : processRegistration(ctx, flow, answer);
    if (incomplete) writeIncompleteTraits(ctx, flow, answer, incomplete);
    throw new CompletedByStrategy();
  }
  return startSocialSignIn(ctx, flow, provider, { traits, transientPayload: flow.transientPayload });
}
