/**
 * Recovery and verification link tokens (`selfservice/strategy/link/token_*.go`): 32 random
 * alphanumerics, stored with the flow, valid for `selfservice.methods.link.config.lifespan`, usable
 * once. The emailed link is `<public>/self-service/<flow kind>?flow=<id>&token=<token>`.
 */
import { randomInt } from 'node:crypto';
import type { OneTimeCode } from '../flow/flow';
import type { RequestContext } from '../http/requestContext';

const ALPHA_NUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function newLinkToken(): string {
  let token = '';
  for (let i = 0; i < 32; i++) token += ALPHA_NUM.charAt(randomInt(ALPHA_NUM.length));
  return token;
}

export function linkUrl(
  ctx: RequestContext,
  kind: 'recovery' | 'verification',
  flowId: string,
  token: string,
): string {
  return `${ctx.deps.config.publicBaseUrl}self-service/${kind}?flow=${flowId}&token=${token}`;
}

export type TokenUse =
  { readonly ok: true; readonly token: OneTimeCode } | { readonly ok: false; readonly expiredAt?: Date };

/** `Use*Token`: an unknown or used token is "not found"; an expired one says when it expired. */
export function useLinkToken(tokens: OneTimeCode[], submitted: string, now: Date): TokenUse {
  const token = tokens.find((t) => t.code === submitted && t.usedAt === undefined);
  if (!token) return { ok: false };
  token.usedAt = now;
  if (token.expiresAt.getTime() < now.getTime()) return { ok: false, expiredAt: token.expiresAt };
  return { ok: true, token };
}
