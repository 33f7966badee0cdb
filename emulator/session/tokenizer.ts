/**
 * Session JWTs (`session/tokenizer.go`): `/sessions/whoami?tokenize_as=<template>` signs the caller's session as
 * a JWT and returns it in the session's `tokenized` member. The claims are Kratos' (`jti`, `iss` = the public base
 * URL, `exp` = now + ttl, `sid`, `nbf`, `iat`, `sub`), merged with the template's claims mapper, then `sub` is set
 * again so no mapper can change whom the token is about. Header and claims are encoded like golang-jwt's: Go maps,
 * so keys in sorted order, with Go's HTML escaping.
 */
import { randomUUID } from 'node:crypto';
import { badRequest, type HerodotError } from '../http/herodotError';
import type { Identity } from '../identity/identity';
import { goJsonStringify, isJsonObject, parseJson, type JsonObject, type JsonValue } from '../json';
import type { TokenizerTemplate } from './tokenizerTemplates';

/** A JSON value with every object's keys sorted, as Go marshals `map[string]interface{}`. */
function sortedDeep(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    const member = value[key];
    if (member !== undefined) out[key] = sortedDeep(member);
  }
  return out;
}

function segment(value: JsonObject): string {
  return Buffer.from(goJsonStringify(sortedDeep(value)), 'utf8').toString('base64url');
}

/** `SetSubjectClaim`: the identity's id, or its external id when the template says so (a 400 without one). */
function setSubject(
  claims: JsonObject,
  template: TokenizerTemplate,
  identity: Identity,
): HerodotError | null {
  if (template.subjectSource === 'id') {
    claims.sub = identity.id;
    return null;
  }
  if (identity.externalId === undefined || identity.externalId === '') {
    return badRequest(
      "The session's identity does not have an external ID set, but it is required for the subject claim.",
    );
  }
  claims.sub = identity.externalId;
  return null;
}

/**
 * The session as a signed JWT, or the 400 Kratos answers. `session` is the session JSON whoami answers (what a
 * claims mapper reads), `publicBaseUrl` Kratos' `serve.public.base_url` (the issuer).
 */
export function tokenizeSession(
  template: TokenizerTemplate,
  session: Readonly<Record<string, unknown>>,
  identity: Identity,
  publicBaseUrl: string,
  now: Date,
): string | HerodotError {
  const seconds = Math.floor(now.getTime() / 1000);
  const claims: JsonObject = {
    jti: randomUUID(),
    iss: publicBaseUrl,
    exp: Math.floor((now.getTime() + template.ttlMs) / 1000),
    sid: typeof session.id === 'string' ? session.id : '',
    nbf: seconds,
    iat: seconds,
  };
  const subjectError = setSubject(claims, template, identity);
  if (subjectError !== null) return subjectError;
  if (template.claimsMapper !== null) {
    // The session as JSON text and back, as Kratos hands it to the Jsonnet: a copy the mapper cannot change.
    const sessionValue = parseJson(JSON.stringify(session));
    const mapped = template.claimsMapper({
      session: isJsonObject(sessionValue) ? sessionValue : {},
      claims: { ...claims },
    });
    if (!isJsonObject(mapped)) {
      return badRequest('Expected tokenizer JsonNet to return a claims object but it did not.');
    }
    Object.assign(claims, mapped);
    const again = setSubject(claims, template, identity);
    if (again !== null) return again;
  }
  const { signer } = template;
  const signingInput = `${segment({ alg: signer.alg, kid: signer.kid, typ: 'JWT' })}.${segment(claims)}`;
  return `${signingInput}.${signer.sign(Buffer.from(signingInput, 'ascii')).toString('base64url')}`;
}
