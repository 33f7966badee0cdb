/**
 * The login and registration code emails (`courier/template/courier/builtin/templates/
 * login_code/valid`, `registration_code/valid`), plain-text variant as the courier stores it.
 */
import type { RequestContext } from '../http/requestContext';

function minutes(ms: number): number {
  return Math.trunc(ms / 60_000);
}

export function queueLoginCode(ctx: RequestContext, recipient: string, code: string): void {
  ctx.deps.courier.queueEmail(
    {
      recipient,
      templateType: 'login_code_valid',
      subject: `Use code ${code} to log in`,
      body: `Login to your account with the following code:\n\n${code}\n\nIt expires in ${minutes(ctx.deps.config.codeLifespanMs)} minutes.\n`,
    },
    ctx.deps.now(),
  );
}

export function queueRegistrationCode(ctx: RequestContext, recipient: string, code: string): void {
  ctx.deps.courier.queueEmail(
    {
      recipient,
      templateType: 'registration_code_valid',
      subject: `Use code ${code} to complete your account registration`,
      body: `Complete your account registration with the following code:\n\n${code}\n\nThis code expires in ${minutes(ctx.deps.config.codeLifespanMs)} minutes.\n`,
    },
    ctx.deps.now(),
  );
}
