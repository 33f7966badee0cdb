/**
 * `CodeSender.SendVerificationCode`: replaces the flow's codes with a new one and queues the
 * `verification_code_valid` email when the address belongs to an identity (unknown addresses get
 * nothing, silently, to avoid account enumeration). The address's status becomes `sent`.
 */
import { queueVerificationCode } from '../courier/emailTemplates';
import type { VerificationFlow } from '../flow/flow';
import { newOneTimeCode } from '../flow/oneTimeCode';
import type { RequestContext } from '../http/requestContext';

export function sendVerificationCode(ctx: RequestContext, flow: VerificationFlow, email: string): void {
  const now = ctx.deps.now();
  flow.codes = [];
  const found = ctx.deps.store.findVerifiableAddress(email.trim().toLowerCase());
  if (!found) return;
  const code = newOneTimeCode(ctx, found.identity.id, found.address.value, now);
  flow.codes.push(code);
  queueVerificationCode(ctx, found.address.value, code.code, flow.id);
  found.address.status = 'sent';
  found.address.updatedAt = now;
}
