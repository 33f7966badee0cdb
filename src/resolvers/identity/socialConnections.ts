/**
 * The providers of an `oidc` or `saml` credential. With `include_credential`, Ory sends `config.providers` (with
 * the tokens); otherwise only the identifiers, which Ory writes as `provider:subject`.
 */
import type { IdentityCredentials, IdentityCredentialsOidcProvider } from '../../ory/models';
import { isRecord } from '../../ory/oryError';

const PROVIDER_TYPES: ReadonlySet<string> = new Set(['oidc', 'saml']);

function fromConfig(config: unknown): IdentityCredentialsOidcProvider[] | null {
  const providers = isRecord(config) ? config.providers : undefined;
  if (!Array.isArray(providers)) return null;
  return providers.filter(isRecord).map((provider) => ({
    provider: typeof provider.provider === 'string' ? provider.provider : undefined,
    subject: typeof provider.subject === 'string' ? provider.subject : undefined,
    organization: typeof provider.organization === 'string' ? provider.organization : undefined,
    initial_access_token:
      typeof provider.initial_access_token === 'string' ? provider.initial_access_token : undefined,
    initial_refresh_token:
      typeof provider.initial_refresh_token === 'string' ? provider.initial_refresh_token : undefined,
    initial_id_token: typeof provider.initial_id_token === 'string' ? provider.initial_id_token : undefined,
  }));
}

function fromIdentifiers(identifiers: readonly string[]): IdentityCredentialsOidcProvider[] {
  return identifiers.flatMap((identifier) => {
    const colon = identifier.indexOf(':');
    return colon <= 0 ? [] : [{ provider: identifier.slice(0, colon), subject: identifier.slice(colon + 1) }];
  });
}

export function socialConnections(credential: IdentityCredentials): IdentityCredentialsOidcProvider[] {
  if (credential.type === undefined || !PROVIDER_TYPES.has(credential.type)) return [];
  return fromConfig(credential.config) ?? fromIdentifiers(credential.identifiers ?? []);
}
