/**
 * Anti-CSRF tokens in ory/nosurf's format (`token.go`): the cookie holds base64(32 random bytes);
 * forms carry a *masked* token, base64(one-time pad ‖ token XOR pad), 88 characters that differ
 * on every render but all verify against the same cookie. Unmasked 32-byte tokens verify too.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const CSRF_TOKEN_LENGTH = 32;

/** `csrf_token_` + hex(sha256(public base URL)), with the base URL's trailing slash. */
export function csrfCookieName(publicBaseUrl: string): string {
  return `csrf_token_${createHash('sha256').update(publicBaseUrl, 'utf8').digest('hex')}`;
}

export function newRealToken(): Buffer {
  return randomBytes(CSRF_TOKEN_LENGTH);
}

/** Go's `base64.StdEncoding.DecodeString`: strict alphabet and padding, else nothing. */
export function decodeToken(value: string): Buffer | undefined {
  if (value === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  return Buffer.from(value, 'base64');
}

export function encodeToken(token: Buffer): string {
  return token.toString('base64');
}

export function maskToken(realToken: Buffer): string {
  const pad = randomBytes(CSRF_TOKEN_LENGTH);
  const masked = Buffer.alloc(CSRF_TOKEN_LENGTH);
  for (let i = 0; i < CSRF_TOKEN_LENGTH; i++) masked[i] = (realToken[i] ?? 0) ^ (pad[i] ?? 0);
  return encodeToken(Buffer.concat([pad, masked]));
}

function unmask(sent: Buffer): Buffer {
  const out = Buffer.alloc(CSRF_TOKEN_LENGTH);
  for (let i = 0; i < CSRF_TOKEN_LENGTH; i++) {
    out[i] = (sent[i] ?? 0) ^ (sent[i + CSRF_TOKEN_LENGTH] ?? 0);
  }
  return out;
}

/** nosurf `VerifyToken(realToken, sentToken)` on their base64 forms. */
export function verifyToken(realToken: Buffer | undefined, sent: string): boolean {
  if (realToken?.length !== CSRF_TOKEN_LENGTH) return false;
  const decoded = decodeToken(sent);
  if (decoded === undefined) return false;
  if (decoded.length === 2 * CSRF_TOKEN_LENGTH) return timingSafeEqual(realToken, unmask(decoded));
  if (decoded.length === CSRF_TOKEN_LENGTH) return timingSafeEqual(realToken, decoded);
  return false;
}
