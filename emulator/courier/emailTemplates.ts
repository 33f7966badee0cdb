/**
 * The email templates the emulator sends (`courier/template/courier/builtin/templates/`), plain-text
 * variant (what `courier.Message.body` stores): recovery and verification by code or by link, and
 * the login and registration codes. No `*_invalid` mails: `notify_unknown_recipients` is off by
 * default.
 */
import type { RequestContext } from '../http/requestContext';
import type { CourierMessage, TemplateType } from './courier';

/** `int(lifespan.Minutes())`: truncated. */
function minutes(ms: number): number {
  return Math.trunc(ms / 60_000);
}

function queue(
  ctx: RequestContext,
  templateType: TemplateType,
  recipient: string,
  subject: string,
  body: string,
): CourierMessage {
  return ctx.deps.courier.queueEmail({ recipient, templateType, subject, body }, ctx.deps.now());
}

export function queueRecoveryCode(ctx: RequestContext, recipient: string, code: string): void {
  queue(
    ctx,
    'recovery_code_valid',
    recipient,
    `Use code ${code} to recover access to your account`,
    `Recover access to your account by entering the following code:\n\n${code}\n\nIf this was not you, do nothing. This code expires in ${minutes(ctx.deps.config.codeLifespanMs)} minutes.\n`,
  );
}

export function queueVerificationCode(
  ctx: RequestContext,
  recipient: string,
  code: string,
  flowId: string,
): void {
  const link = `${ctx.deps.config.publicBaseUrl}self-service/verification?code=${code}&flow=${flowId}`;
  queue(
    ctx,
    'verification_code_valid',
    recipient,
    `Use code ${code} to verify your account`,
    `Verify your account with the following code:\n\n${code}\n\nor clicking the following link:\n\n${link}\n\nIf this was not you, do nothing. This code / link expires in ${minutes(ctx.deps.config.codeLifespanMs)} minutes.\n`,
  );
}

export function queueLoginCode(ctx: RequestContext, recipient: string, code: string): void {
  queue(
    ctx,
    'login_code_valid',
    recipient,
    `Use code ${code} to log in`,
    `Login to your account with the following code:\n\n${code}\n\nIt expires in ${minutes(ctx.deps.config.codeLifespanMs)} minutes.\n`,
  );
}

export function queueRegistrationCode(ctx: RequestContext, recipient: string, code: string): void {
  queue(
    ctx,
    'registration_code_valid',
    recipient,
    `Use code ${code} to complete your account registration`,
    `Complete your account registration with the following code:\n\n${code}\n\nThis code expires in ${minutes(ctx.deps.config.codeLifespanMs)} minutes.\n`,
  );
}

export function queueRecoveryLink(ctx: RequestContext, recipient: string, link: string): void {
  queue(
    ctx,
    'recovery_valid',
    recipient,
    'Recover access to your account',
    `Recover access to your account by clicking the following link:\n\n${link}\n\nIf this was not you, do nothing. This link expires in ${minutes(ctx.deps.config.linkLifespanMs)} minutes.\n\n`,
  );
}

export function queueVerificationLink(ctx: RequestContext, recipient: string, link: string): void {
  queue(
    ctx,
    'verification_valid',
    recipient,
    'Please verify your email address',
    `Verify your account by opening the following link:\n\n${link}\n\nIf this was not you, do nothing. This link expires in ${minutes(ctx.deps.config.linkLifespanMs)} minutes.\n`,
  );
}
