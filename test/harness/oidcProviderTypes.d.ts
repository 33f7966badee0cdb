/**
 * Types for the part of `oidc-provider` (panva, v9, ESM-only, ships no types) that the test OpenID provider in
 * oidcProviderServer.mts uses. Written from the package's lib/provider.js and helpers/defaults.js; anything not
 * used there is left out on purpose, so a wrong guess cannot hide behind a broad type.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { JsonWebKey } from 'node:crypto';

  /** Registered client metadata (RFC 7591 names). */
  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    redirect_uris: string[];
    grant_types?: string[];
    response_types?: string[];
    token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post' | 'none';
  }

  /** The claims of one account; `claims()` answers for the id_token and userinfo alike. */
  export interface Account {
    accountId: string;
    claims(use: 'id_token' | 'userinfo', scope: string): Record<string, unknown>;
  }

  export interface InteractionPrompt {
    name: string;
    reasons: string[];
    details: {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
  }

  /** A pending login or consent step (`interactionDetails`). */
  export interface Interaction {
    uid: string;
    prompt: InteractionPrompt;
    params: Record<string, unknown>;
    session?: { accountId: string };
    grantId?: string;
  }

  export type InteractionResult =
    | { login: { accountId: string } }
    | { consent: { grantId: string } }
    | { error: string; error_description?: string };

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(indicator: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface GrantConstructor {
    new (properties: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export interface Configuration {
    clients: ClientMetadata[];
    findAccount(context: unknown, sub: string): Account | undefined;
    claims: Record<string, string[]>;
    /** false: scope claims go into the id_token too, not only to userinfo (Kratos reads the id_token). */
    conformIdTokenClaims: boolean;
    cookies: { keys: string[] };
    jwks: { keys: JsonWebKey[] };
    features: { devInteractions: { enabled: boolean } };
    interactions: { url(context: unknown, interaction: Interaction): string };
    pkce: { required(context: unknown, client: unknown): boolean };
    renderError(
      context: { type: string; body: string },
      out: Record<string, string>,
      error: Error,
    ): void | Promise<void>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    readonly Grant: GrantConstructor;
    /** The class behind registered clients; its prototype decides which redirect_uri values are accepted. */
    readonly Client: { prototype: { redirectUriAllowed(redirectUri: string): boolean } };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResult,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: 'server_error', listener: (context: unknown, error: Error) => void): this;
  }
}
