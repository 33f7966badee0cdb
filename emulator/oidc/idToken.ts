/**
 * Native `id_token` sign-in (`Strategy.ProcessIDToken`). Kratos' `generic` providers cannot verify
 * ID tokens (502); a built-in provider with `acceptIdTokens` behaves like Kratos' `fedcm-test`
 * provider type instead: HS256 (or HS384/HS512) tokens signed with the fixed key `xxxxxxx`, no
 * `exp`/`aud` checks, `iss` overwritten, and a `nonce` claim that must equal `id_token_nonce`.
 * Error texts are golang-jwt v5's, which Kratos passes on as the error's `message`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HerodotError } from '../http/herodotError';
import { goJsonSyntaxError, isJsonObject, type JsonObject } from '../json';
import type { OidcProviderConfig } from '../options';
import type { OidcAuthCode } from '../store/store';

/** The key of Kratos' `fedcm-test` provider (`provider_test_fedcm.go`). */
export const FEDCM_TEST_KEY = 'xxxxxxx';

const HMAC_ALGORITHMS: Readonly<Record<string, string>> = {
  HS256: 'sha256',
  HS384: 'sha384',
  HS512: 'sha512',
};
/** Algorithms golang-jwt knows but cannot verify with a byte-slice key. */
const OTHER_ALGORITHMS = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
]);
const BASE64URL = /^[A-Za-z0-9_-]$/;

const upstream = (reason: string): HerodotError =>
  new HerodotError({ code: 502, id: 'upstream_error', reason, message: 'Upstream error' });

/** `herodot.ErrForbidden.WithReasonf("Could not verify id_token").WithError(err.Error())`. */
const unverified = (message: string): HerodotError =>
  new HerodotError({ code: 403, reason: 'Could not verify id_token', message });

/** Go's `base64.RawURLEncoding.DecodeString`, with its `illegal base64 data at input byte N`. */
function decodeSegment(segment: string): Buffer | string {
  for (let i = 0; i < segment.length; i += 1) {
    if (!BASE64URL.test(segment.charAt(i))) return `illegal base64 data at input byte ${i}`;
  }
  if (segment.length % 4 === 1) return `illegal base64 data at input byte ${segment.length - 1}`;
  return Buffer.from(segment, 'base64url');
}

function decodeJsonSegment(segment: string, what: 'header' | 'claim'): JsonObject {
  const bytes = decodeSegment(segment);
  if (typeof bytes === 'string')
    throw unverified(`token is malformed: could not base64 decode ${what}: ${bytes}`);
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw unverified(`token is malformed: could not JSON decode ${what}: ${goJsonSyntaxError(text)}`);
  }
  if (!isJsonObject(value))
    throw unverified(
      `token is malformed: could not JSON decode ${what}: json: cannot unmarshal into a JSON object`,
    );
  return value;
}

/** `ProviderTestFedcm.Verify`: golang-jwt's `ParseWithClaims` with the fixed key, no claims validation. */
function verifySignature(token: string): JsonObject {
  const parts = token.split('.');
  if (parts.length !== 3)
    throw unverified('token is malformed: token contains an invalid number of segments');
  const [rawHeader = '', rawClaims = '', rawSignature = ''] = parts;
  const header = decodeJsonSegment(rawHeader, 'header');
  const claims = decodeJsonSegment(rawClaims, 'claim');
  const signature = decodeSegment(rawSignature);
  if (typeof signature === 'string')
    throw unverified(`token is malformed: could not base64 decode signature: ${signature}`);
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const hash = HMAC_ALGORITHMS[alg];
  if (hash === undefined) {
    if (alg === 'none') throw unverified("token signature is invalid: 'none' signature type is not allowed");
    if (OTHER_ALGORITHMS.has(alg)) throw unverified('token signature is invalid: key is of invalid type');
    throw unverified('token is unverifiable: signing method (alg) is unavailable');
  }
  const expected = createHmac(hash, FEDCM_TEST_KEY).update(`${rawHeader}.${rawClaims}`).digest();
  if (expected.length !== signature.length || !timingSafeEqual(expected, signature))
    throw unverified('token signature is invalid: signature is invalid');
  return claims;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Apple sends `email_verified` as a string; Kratos' `ConvertibleBoolean` takes both. */
const truthy = (value: unknown): boolean => value === true || value === 'true';

/** The claims of a verified `id_token`, checked like `ProcessIDToken` does. */
export function claimsFromIdToken(
  provider: OidcProviderConfig,
  idToken: string,
  nonce: string,
): OidcAuthCode {
  if (!provider.acceptIdTokens) throw upstream('The provider generic does not support id_token verification');
  const claims = verifySignature(idToken);
  const subject = text(claims.sub);
  // `Claims.Validate` inside `Verify`: its herodot error becomes the 403's message.
  if (subject === undefined) throw unverified('Upstream error');
  const tokenNonce = text(claims.nonce);
  if (tokenNonce === undefined)
    throw upstream('No nonce was included in the id_token but is required by the provider');
  if (nonce === '') throw upstream('No nonce was provided but is required by the provider');
  if (nonce !== tokenNonce) throw upstream('The supplied nonce does not match the nonce from the id_token');
  const given = text(claims.given_name);
  const family = text(claims.family_name);
  const name = text(claims.name) ?? ([given, family].filter(Boolean).join(' ') || undefined);
  return {
    provider: provider.id,
    subject,
    email: text(claims.email),
    emailVerified: truthy(claims.email_verified),
    name,
    nonce: tokenNonce,
  };
}

/** An `id_token` the provider accepts, for `POST /emulator/oidc/{provider}/id-token` and tests. */
export function mintIdToken(claims: JsonObject): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${body}.${createHmac('sha256', FEDCM_TEST_KEY).update(body).digest('base64url')}`;
}
