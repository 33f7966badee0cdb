/**
 * `session.whoami.tokenizer.templates` resolved at start: each template's signing key (the first key of its JWK
 * set, as Kratos' `jwksx.ResolveKey` takes it), lifetime, subject source and claims mapper. Kratos finds a bad
 * key only when a token is asked for (a 400 then); the emulator refuses it at start, where a test sees it.
 */
import {
  KeyObject,
  constants,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  type JsonWebKey,
} from 'node:crypto';
import type { JsonObject } from '../json';

/** What a claims mapper gets: Kratos' Jsonnet sees the same two values as `std.extVar('session')` and `'claims'`. */
export interface ClaimsMapperInput {
  /** The session as whoami answers it (identity without credentials), before `tokenized` is added. */
  readonly session: JsonObject;
  /** The default claims (`jti`, `iss`, `exp`, `sid`, `nbf`, `iat`, `sub`). */
  readonly claims: JsonObject;
}

/** One `session.whoami.tokenizer.templates.<name>` entry of the emulator's options. */
export interface SessionTokenizerTemplateOptions {
  /**
   * `ttl`: how long the JWTs stay valid. Default 0, which is what Kratos v26.2.0 does without `ttl` (its schema
   * documents 1m, but `exp` then equals `iat`): always set it.
   */
  ttlMs?: number;
  /**
   * The private JSON Web Key set `jwks_url` points to. The first key signs, its `alg` (ES256/384/512,
   * RS256/384/512, PS256/384/512, EdDSA, HS256/384/512) and `kid` go into the JWT header. Emulator-only default:
   * a new ES256 key made at start (so tokens do not survive a restart).
   */
  jwks?: { readonly keys: readonly JsonWebKey[] };
  /** `subject_source`: `sub` is the identity's `id` (default) or its `external_id`. */
  subjectSource?: 'id' | 'external_id';
  /**
   * Stands in for `claims_mapper_url` (the emulator runs no Jsonnet): returns what the Jsonnet's `claims` member
   * would be. Its members are merged over the default claims and `sub` is set again afterwards, as Kratos does.
   */
  claimsMapper?: (input: ClaimsMapperInput) => JsonObject;
}

/** A key that signs JWTs: its header values and the signature function. */
export interface JwtSigner {
  readonly alg: string;
  /** `kid` of the key; Kratos writes `""` when the key has none. */
  readonly kid: string;
  sign(data: Buffer): Buffer;
  /** The public half as a JWK, for `/emulator/tokenizer/jwks.json`; `null` for HMAC keys (no public half). */
  readonly publicJwk: JsonObject | null;
}

export interface TokenizerTemplate {
  readonly ttlMs: number;
  readonly signer: JwtSigner;
  readonly subjectSource: 'id' | 'external_id';
  readonly claimsMapper: ((input: ClaimsMapperInput) => JsonObject) | null;
}

/** The algorithms golang-jwt signs with (what Kratos accepts in a key's `alg`), by family. */
const HASHES: Readonly<Record<string, string>> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

/** The curve each ECDSA algorithm needs (golang-jwt refuses others: Kratos then cannot sign). */
const CURVES: Readonly<Record<string, string>> = {
  ES256: 'prime256v1',
  ES384: 'secp384r1',
  ES512: 'secp521r1',
};

function fail(template: string, problem: string): never {
  throw new Error(`sessionTokenizerTemplates.${template}: ${problem}`);
}

function stringMember(jwk: JsonWebKey, name: string): string {
  const value = jwk[name];
  return typeof value === 'string' ? value : '';
}

/** The public JWK a verifier needs: the key's public members plus `kid`, `alg` and `use`. */
function publicJwk(key: KeyObject, kid: string, alg: string): JsonObject {
  const members: JsonObject = {};
  for (const [name, value] of Object.entries(createPublicKey(key).export({ format: 'jwk' }))) {
    if (typeof value === 'string') members[name] = value;
  }
  return { ...members, kid, alg, use: 'sig' };
}

function signerFor(template: string, jwk: JsonWebKey): JwtSigner {
  const alg = stringMember(jwk, 'alg');
  const kid = stringMember(jwk, 'kid');
  const family = alg.slice(0, 2);
  const hash = HASHES[alg.slice(2)];
  if (family === 'HS' && hash !== undefined) {
    const secret = Buffer.from(stringMember(jwk, 'k'), 'base64url');
    if (secret.length === 0) fail(template, `the ${alg} key has no "k"`);
    return { alg, kid, sign: (data) => createHmac(hash, secret).update(data).digest(), publicJwk: null };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: jwk, format: 'jwk' });
  } catch (error) {
    fail(
      template,
      `the first key is not a private JWK (${error instanceof Error ? error.message : 'unreadable'})`,
    );
  }
  const type = key.asymmetricKeyType;
  if (alg === 'EdDSA' && type === 'ed25519') {
    return { alg, kid, sign: (data) => sign(null, data, key), publicJwk: publicJwk(key, kid, alg) };
  }
  if (hash !== undefined && family === 'ES' && type === 'ec') {
    if (key.asymmetricKeyDetails?.namedCurve !== CURVES[alg])
      fail(template, `the ${alg} key is on another curve`);
    // JWS wants the raw r||s form, not DER.
    const signWith = (data: Buffer): Buffer => sign(hash, data, { key, dsaEncoding: 'ieee-p1363' });
    return { alg, kid, sign: signWith, publicJwk: publicJwk(key, kid, alg) };
  }
  if (hash !== undefined && family === 'RS' && type === 'rsa') {
    return { alg, kid, sign: (data) => sign(hash, data, key), publicJwk: publicJwk(key, kid, alg) };
  }
  if (hash !== undefined && family === 'PS' && type === 'rsa') {
    const pss = {
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    };
    return { alg, kid, sign: (data) => sign(hash, data, pss), publicJwk: publicJwk(key, kid, alg) };
  }
  // Kratos' words for a key without a usable `alg`.
  return fail(template, `The JSON Web Key must include a valid "alg" parameter but "${alg}" was given.`);
}

/** The emulator-only default: a fresh ES256 key, with a random `kid` so keys of several runs never collide. */
function generatedKey(): JsonWebKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...privateKey.export({ format: 'jwk' }), alg: 'ES256', kid: randomUUID(), use: 'sig' };
}

export function resolveTokenizerTemplates(
  options: Readonly<Record<string, SessionTokenizerTemplateOptions>> = {},
): ReadonlyMap<string, TokenizerTemplate> {
  const templates = new Map<string, TokenizerTemplate>();
  for (const [name, template] of Object.entries(options)) {
    const ttlMs = template.ttlMs ?? 0;
    if (!Number.isFinite(ttlMs) || ttlMs < 0) fail(name, 'ttlMs must be a duration in milliseconds');
    const keys = template.jwks === undefined ? [generatedKey()] : template.jwks.keys;
    const first = keys[0];
    if (first === undefined)
      fail(name, 'Could not find key a suitable key for tokenization in the JWKS url.');
    templates.set(name, {
      ttlMs,
      signer: signerFor(name, first),
      subjectSource: template.subjectSource ?? 'id',
      claimsMapper: template.claimsMapper ?? null,
    });
  }
  return templates;
}
