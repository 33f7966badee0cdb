/**
 * The `*_code_valid` email templates (`courier/template/courier/builtin/templates/`), plain-text
 * variant (what `courier.Message.body` stores). The emulator sends no `*_invalid` mails:
 * `notify_unknown_recipients` is off by default.
 */
import type { RequestContext } from '../http/requestContext';
import type { CourierMessage } from './courier';

/** `int(lifespan.Minutes())`: truncated. */
function minutes(ms: number): number {
  return Math.trunc(ms / 60_000);
}

export function queueRecoveryCode(ctx: RequestContext, recipient: string, code: string): CourierMessage {
  const { config } = ctx.deps;
  return ctx.deps.courier.queueEmail(
    {
      recipient,
      templateType: 'recovery_code_valid',
      subject: `Use code ${code} to recover access to your account`,
      body: `Recover access to your account by entering the following code:\n\n${code}\n\nIf this was not you, do nothing. This code expires in ${minutes(config.codeLifespanMs)} minutes.\n`,
    },
    ctx.deps.now(),
  );
}

export function queueVerificationCode(
  ctx: RequestContext,
  recipient: string,
  code: string,
  flowId: string,
): CourierMessage {
  const { config } = ctx.deps;
  const link = `${config.publicBaseUrl}self-service/verification?code=${code}&flow=${flowId}`;
  return ctx.deps.courier.queueEmail(
    {
      recipient,
      templateType: 'verification_code_valid',
      subject: `Use code ${code} to verify your account`,
      body: `Verify your account with the following code:\n\n${code}\n\nor clicking the following link:\n\n${link}\n\nIf this was not you, do nothing. This code / link expires in ${minutes(config.codeLifespanMs)} minutes.\n`,
    },
    ctx.deps.now(),
  );
}
