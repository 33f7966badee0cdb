/**
 * The Ory instances the tests run against, described once for both kinds of backend: each profile names the
 * Kratos configuration files that `npm run test:kratos` starts a real Kratos with, the environment variables
 * that carry that instance's URLs to the tests, and the emulator options that give the built-in emulator the same
 * settings. A test asks for a profile; it gets the emulator configured so, or the matching real Kratos.
 */
import type { JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ALL_METHODS_IDENTITY_SCHEMA,
  type EmulatorOptions,
  type SessionTokenizerTemplateOptions,
} from '../../emulator';
import { isJsonObject, type JsonObject } from '../../emulator/json';

export type ProfileName =
  | 'standard'
  | 'shortLived'
  | 'methods'
  | 'identifierFirst'
  | 'mfaCode'
  | 'links'
  | 'oidc'
  | 'webauthn'
  | 'passkeysLocalhost';

export interface KratosProfile {
  /** Configuration files in this folder, merged in order (`kratos serve -c a.yml -c b.yml`). */
  readonly configs: readonly string[];
  /** Where the instance's public and admin URLs are found (set by `npm run test:kratos`). */
  readonly env: { readonly sdkUrl: string; readonly adminUrl: string };
  /** The same settings for the emulator. */
  readonly emulator: EmulatorOptions;
}

export const KRATOS_DIR = __dirname;

function schema(file: string): object {
  return JSON.parse(readFileSync(path.join(KRATOS_DIR, file), 'utf8')) as object;
}

/** `identity.schemas` of kratos.yml: the first is the default. */
const IDENTITY_SCHEMAS = [
  { id: 'default', schema: schema('identity.schema.json') },
  { id: 'with-roles', schema: schema('identity.with-roles.schema.json') },
];

/** The schemas of the profiles with code or TOTP: the default one gains the code identifier. */
const ALL_METHODS_SCHEMAS = [
  { id: 'default', schema: ALL_METHODS_IDENTITY_SCHEMA },
  { id: 'with-roles', schema: schema('identity.with-roles.schema.json') },
];

/** webauthn.yml: the default schema names the email as the passkey display name and WebAuthn identifier. */
const WEBAUTHN_IDENTITY_SCHEMAS = [
  { id: 'default', schema: schema('webauthn.identity.schema.json') },
  { id: 'with-roles', schema: schema('identity.with-roles.schema.json') },
];

/** The ES256 private key set of kratos.yml's session JWT templates (`jwks_url`). */
export const SESSION_JWT_KEYS = JSON.parse(
  readFileSync(path.join(KRATOS_DIR, 'session-jwt.jwks.json'), 'utf8'),
) as { keys: JsonWebKey[] };

/** What session-jwt.claims.jsonnet does in Kratos, for the emulator (which runs no Jsonnet). */
function sessionJwtClaims({ session }: { session: JsonObject }): JsonObject {
  const identity = isJsonObject(session.identity) ? session.identity : {};
  const traits = isJsonObject(identity.traits) ? identity.traits : {};
  return {
    aud: ['ory-graphql-test'],
    email: traits.email ?? null,
    aal: session.authenticator_assurance_level ?? null,
    sub: 'not-the-identity',
  };
}

/** kratos.yml's `session.whoami.tokenizer.templates` (every profile loads kratos.yml). */
export const SESSION_JWT_TEMPLATES: Readonly<Record<string, SessionTokenizerTemplateOptions>> = {
  'ory-graphql-test': { ttlMs: 10 * 60 * 1000, jwks: SESSION_JWT_KEYS },
  'ory-graphql-test-claims': {
    ttlMs: 60 * 60 * 1000,
    jwks: SESSION_JWT_KEYS,
    claimsMapper: sessionJwtClaims,
  },
};

/** short-lived.yml: flows expire after 1.5 s (settings flows excepted), the privileged window after 1 s. */
const SHORT_FLOW_MS = 1500;

export const PROFILES: Readonly<Record<ProfileName, KratosProfile>> = {
  standard: {
    configs: ['kratos.yml'],
    env: { sdkUrl: 'ORY_TEST_SDK_URL', adminUrl: 'ORY_TEST_ADMIN_URL' },
    emulator: {
      sessionTokenizerTemplates: SESSION_JWT_TEMPLATES,
      identitySchemas: IDENTITY_SCHEMAS,
    },
  },
  shortLived: {
    configs: ['kratos.yml', 'short-lived.yml'],
    env: { sdkUrl: 'ORY_TEST_SHORT_LIVED_SDK_URL', adminUrl: 'ORY_TEST_SHORT_LIVED_ADMIN_URL' },
    emulator: {
      sessionTokenizerTemplates: SESSION_JWT_TEMPLATES,
      identitySchemas: IDENTITY_SCHEMAS,
      flowLifespans: {
        login: SHORT_FLOW_MS,
        registration: SHORT_FLOW_MS,
        recovery: SHORT_FLOW_MS,
        verification: SHORT_FLOW_MS,
      },
      privilegedSessionMaxAgeMs: 1000,
    },
  },
  methods: {
    configs: ['kratos.yml', 'methods.yml'],
    env: { sdkUrl: 'ORY_TEST_METHODS_SDK_URL', adminUrl: 'ORY_TEST_METHODS_ADMIN_URL' },
    emulator: {
      sessionTokenizerTemplates: SESSION_JWT_TEMPLATES,
      identitySchemas: ALL_METHODS_SCHEMAS,
      codePasswordless: true,
      totpEnabled: true,
      totpIssuer: 'ory-graphql',
      lookupSecretEnabled: true,
    },
  },
  identifierFirst: {
    configs: ['kratos.yml', 'identifier-first.yml'],
    env: { sdkUrl: 'ORY_TEST_IDENTIFIER_FIRST_SDK_URL', adminUrl: 'ORY_TEST_IDENTIFIER_FIRST_ADMIN_URL' },
    emulator: {
      sessionTokenizerTemplates: SESSION_JWT_TEMPLATES,
      identitySchemas: ALL_METHODS_SCHEMAS,
      codePasswordless: true,
      loginStyle: 'identifier_first',
      registrationStyle: 'profile_first',
    },
  },
  mfaCode: {
    configs: ['kratos.yml', 'mfa-code.yml'],
    env: { sdkUrl: 'ORY_TEST_MFA_CODE_SDK_URL', adminUrl: 'ORY_TEST_MFA_CODE_ADMIN_URL' },
    emulator: {
      sessionTokenizerTemplates: SESSION_JWT_TEMPLATES,
      identitySchemas: ALL_METHODS_SCHEMAS,
      codeMfa: true,
    },
  },
  links: {
    configs: ['kratos.yml', 'links.yml'],
    env: { sdkUrl: 'ORY_TEST_LINKS_SDK_URL', adminUrl: 'ORY_TEST_LINKS_ADMIN_URL' },
    emulator: {
      sessionTokenizerTemplates: SESSION_JWT_TEMPLATES,
      identitySchemas: IDENTITY_SCHEMAS,
      recoveryUse: 'link',
      verificationUse: 'link',
      linkLifespanMs: 15 * 60 * 1000,
    },
  },
  oidc: {
    // The test OpenID provider (test/harness/oidcProvider.ts) as `test`, and as `test-id-token` (Kratos's
    // `fedcm-test` type, the one that takes ID tokens offline); the emulator's built-in provider plays both.
    configs: ['kratos.yml', 'oidc.yml'],
    env: { sdkUrl: 'ORY_TEST_OIDC_SDK_URL', adminUrl: 'ORY_TEST_OIDC_ADMIN_URL' },
    emulator: {
      sessionTokenizerTemplates: SESSION_JWT_TEMPLATES,
      identitySchemas: IDENTITY_SCHEMAS,
      allowedReturnUrls: ['http://127.0.0.1:4455', 'ory-graphql-test://oidc-callback'],
      showVerificationUiAfter: ['password'],
      oidcProviders: [
        { id: 'test', label: 'Test provider', traitsMapping: 'email_and_name' },
        {
          id: 'test-id-token',
          label: 'Test provider (id_token)',
          traitsMapping: 'email_and_name',
          acceptIdTokens: true,
        },
      ],
    },
  },
  webauthn: {
    // Security keys and passkeys: Kratos only (the emulator leaves WebAuthn out).
    configs: ['kratos.yml', 'webauthn.yml'],
    env: { sdkUrl: 'ORY_TEST_WEBAUTHN_SDK_URL', adminUrl: 'ORY_TEST_WEBAUTHN_ADMIN_URL' },
    emulator: {
      sessionTokenizerTemplates: SESSION_JWT_TEMPLATES,
      identitySchemas: WEBAUTHN_IDENTITY_SCHEMAS,
    },
  },
  passkeysLocalhost: {
    // Passkeys in a real browser (test/e2e): the relying party is `localhost`, since browsers refuse WebAuthn on
    // IP addresses. Kratos only, like `webauthn`.
    configs: ['kratos.yml', 'webauthn.yml', 'passkeys-localhost.yml'],
    env: { sdkUrl: 'ORY_TEST_PASSKEYS_LOCALHOST_SDK_URL', adminUrl: 'ORY_TEST_PASSKEYS_LOCALHOST_ADMIN_URL' },
    emulator: {
      sessionTokenizerTemplates: SESSION_JWT_TEMPLATES,
      identitySchemas: WEBAUTHN_IDENTITY_SCHEMAS,
    },
  },
};
