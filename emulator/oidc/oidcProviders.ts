/**
 * The emulator's built-in OpenID providers (`selfservice.methods.oidc.config.providers`): their UI
 * nodes (`AddProvider`), the authorization URL Kratos sends browsers to, and the claims-to-traits
 * mapping a Jsonnet mapper would do (email, optionally the name, verified emails as verified
 * addresses).
 */
import type { RequestContext } from '../http/requestContext';
import type { Identity } from '../identity/identity';
import type { IdentitySchema } from '../identity/schemaRegistry';
import type { JsonObject } from '../json';
import type { EmulatorConfig, OidcProviderConfig } from '../options';
import type { OidcAuthCode } from '../store/store';
import type { UiText } from '../text/messages';
import { nodeMatches } from '../code/codeNodes';
import { inputNode, type UiContainer, type UiNode } from '../ui/nodes';

export function findProvider(config: EmulatorConfig, id: string): OidcProviderConfig | undefined {
  return config.oidcProviders.find((provider) => provider.id === id);
}

/** `AddProvider`: one `provider` button, replacing an equal one. */
export function addProviderNode(ui: UiContainer, providerId: string, label: UiText): void {
  const node: UiNode = inputNode('provider', 'oidc', 'submit', { value: providerId, label });
  ui.nodes = ui.nodes.filter((n) => !nodeMatches(n, node));
  ui.nodes.push(node);
}

/** Removes every provider button (`removeProviders`). */
export function removeProviderNodes(ui: UiContainer, config: EmulatorConfig): void {
  for (const provider of config.oidcProviders) {
    ui.nodes = ui.nodes.filter(
      (n) =>
        !(
          n.group === 'oidc' &&
          n.type === 'input' &&
          n.attributes.name === 'provider' &&
          n.attributes.value === provider.id
        ),
    );
  }
}

/** The providers an identity has linked (`linkedProviders`). */
export function linkedProviders(config: EmulatorConfig, identity: Identity): OidcProviderConfig[] {
  const linked = identity.credentials.oidc?.config.providers ?? [];
  return config.oidcProviders.filter((p) => linked.some((l) => l.provider === p.id));
}

/** `identity.OIDCUniqueID`. */
export const oidcIdentifier = (provider: string, subject: string): string => `${provider}:${subject}`;

/** `<public>/self-service/methods/oidc/callback/<provider>`. */
export function callbackUrl(ctx: RequestContext, provider: string): string {
  return `${ctx.deps.config.publicBaseUrl}self-service/methods/oidc/callback/${provider}`;
}

/** The built-in provider's authorization endpoint with the usual OAuth2 parameters. */
export function authorizationUrl(ctx: RequestContext, provider: OidcProviderConfig, state: string): string {
  const query = new URLSearchParams({
    client_id: `emulator-${provider.id}`,
    redirect_uri: callbackUrl(ctx, provider.id),
    response_type: 'code',
    scope: 'openid email profile',
    state,
  });
  return `${ctx.deps.config.publicBaseUrl}emulator/oidc/${provider.id}/authorize?${query.toString()}`;
}

function hasTrait(schema: IdentitySchema, name: string): boolean {
  return schema.traitPaths.some((path) => path.name === name);
}

/**
 * The traits the provider's claims map to, like a typical Jsonnet mapper: `traits.email` from the
 * email (`email` and `email_and_name`), `traits.name.first`/`last` from the name when the schema has
 * them (`email_and_name`), nothing with `none`. Verified emails become verified addresses.
 */
export function traitsFromClaims(
  provider: OidcProviderConfig,
  schema: IdentitySchema,
  claims: OidcAuthCode,
): { traits: JsonObject; verified: string[] } {
  const traits: JsonObject = {};
  if (provider.traitsMapping === 'none') return { traits, verified: [] };
  if (claims.email !== undefined && claims.email !== '' && hasTrait(schema, 'traits.email'))
    traits.email = claims.email;
  if (provider.traitsMapping === 'email_and_name' && claims.name !== undefined && claims.name !== '') {
    const [first = '', ...rest] = claims.name.trim().split(/\s+/);
    const name: JsonObject = {};
    if (hasTrait(schema, 'traits.name.first')) name.first = first;
    if (hasTrait(schema, 'traits.name.last') && rest.length > 0) name.last = rest.join(' ');
    if (Object.keys(name).length > 0) traits.name = name;
  }
  const verified = claims.emailVerified && claims.email !== undefined ? [claims.email.toLowerCase()] : [];
  return { traits, verified };
}
