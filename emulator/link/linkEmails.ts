/** The `recovery_valid` and `verification_valid` email templates (link method), plain-text variant. */
import type { RequestContext } from '../http/requestContext';

function minutes(ms: number): number {
  return Math.trunc(ms / 60_000);
}

export function queueRecoveryLink(ctx: RequestContext, recipient: string, link: string): void {
  ctx.deps.courier.queueEmail(
    {
      recipient,
      templateType: 'recovery_valid',
      subject: 'Recover access to your account',
      body: `Recover access to your account by clicking the following link:\n\n${link}\n\nIf this was not you, do nothing. This link expires in ${minutes(ctx.deps.config.linkLifespanMs)} minutes.\n\n`,
    },
    ctx.deps.now(),
  );
}

export function queueVerificationLink(ctx: RequestContext, recipient: string, link: string): void {
  ctx.deps.courier.queueEmail(
    {
      recipient,
      templateType: 'verification_valid',
      subject: 'Please verify your email address',
      body: `Verify your account by opening the following link:\n\n${link}\n\nIf this was not you, do nothing. This link expires in ${minutes(ctx.deps.config.linkLifespanMs)} minutes.\n`,
    },
    ctx.deps.now(),
  );
}
