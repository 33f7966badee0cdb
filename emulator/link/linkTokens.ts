/**
 * Recovery and verification link tokens (`selfservice/strategy/link/token_*.go`): 32 random
 * alphanumerics, stored with the flow, valid for `selfservice.methods.link.config.lifespan`, usable
 * once. The emailed link is `<public>/self-service/<flow kind>?flow=<id>&token=<token>`.
 */
import { randomAlphanumeric } from '../crypto/tokens';
import type { OneTimeCode } from '../flow/flow';
import type { RequestContext } from '../http/requestContext';

type LinkFlowKind = 'recovery' | 'verification';

export const newLinkToken = (): string => randomAlphanumeric(32);

export function linkUrl(ctx: RequestContext, kind: LinkFlowKind, flowId: string, token: string): string {
  return `${ctx.deps.config.publicBaseUrl}self-service/${kind}?flow=${flowId}&token=${token}`;
}

/** A new token for an address of the identity, stored with the flow; returns the link to email. */
export function addLinkToken(
  ctx: RequestContext,
  kind: LinkFlowKind,
  flow: { readonly id: string; readonly codes: OneTimeCode[] },
  identityId: string,
  address: string,
): string {
  const token = newLinkToken();
  flow.codes.push({
    code: token,
    identityId,
    address,
    expiresAt: new Date(ctx.deps.now().getTime() + ctx.deps.config.linkLifespanMs),
  });
  return linkUrl(ctx, kind, flow.id, token);
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
