/**
 * `CodeSender.SendVerificationCode`: replaces the flow's codes with a new one and queues the
 * `verification_code_valid` email when the address belongs to an identity (unknown addresses get
 * nothing, silently, to avoid account enumeration). The address's status becomes `sent`.
 */
import type { VerificationFlow } from '../flow/flow';
import { generateCode } from '../flow/oneTimeCode';
import { queueVerificationCode } from '../courier/codeEmails';
import type { RequestContext } from '../http/requestContext';
import type { Identity, VerifiableAddress } from '../identity/identity';

function findAddress(
  ctx: RequestContext,
  value: string,
): { identity: Identity; address: VerifiableAddress } | undefined {
  for (const identity of ctx.deps.store.listIdentities()) {
    const address = identity.verifiableAddresses.find((a) => a.via === 'email' && a.value === value);
    if (address) return { identity, address };
  }
  return undefined;
}

export function sendVerificationCode(ctx: RequestContext, flow: VerificationFlow, email: string): void {
  const now = ctx.deps.now();
  flow.codes = [];
  const found = findAddress(ctx, email.trim().toLowerCase());
  if (!found) return;
  const code = generateCode();
  flow.codes.push({
    code,
    identityId: found.identity.id,
    address: found.address.value,
    expiresAt: new Date(now.getTime() + ctx.deps.config.codeLifespanMs),
  });
  queueVerificationCode(ctx, found.address.value, code, flow.id);
  found.address.status = 'sent';
  found.address.updatedAt = now;
}
