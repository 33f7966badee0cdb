/**
 * Recovery and verification codes (`persistence/sql/persister_code.go` `useOneTimeCode`): six
 * random digits stored with the flow. Every submission counts against the flow (`submit_count`)
 * and the sixth one is refused before the code is even looked at.
 */
import { randomInt } from 'node:crypto';
import { badRequest, type HerodotError } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import type { OneTimeCode } from './flow';
import { FlowExpiredError } from './flowErrors';

const MAX_SUBMISSIONS = 5;

/** `code.GenerateCode`: six digits, leading zeros allowed. */
export function generateCode(): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}

/** A new code sent to `address` (of `identityId`, '' while registering), valid for the code lifespan. */
export function newOneTimeCode(
  ctx: RequestContext,
  identityId: string,
  address: string,
  now: Date,
): OneTimeCode {
  return {
    code: generateCode(),
    identityId,
    address,
    expiresAt: new Date(now.getTime() + ctx.deps.config.codeLifespanMs),
  };
}

export const codeSubmittedTooOften = (): HerodotError =>
  badRequest('The request was submitted too often. Please request another code.');

export const codeAlreadyUsed = (): HerodotError =>
  badRequest('The code was already used. Please request another code.');

export type CodeUse =
  | { readonly ok: true; readonly code: OneTimeCode }
  /** `ErrCodeNotFound`: strategies answer 200 with "invalid or already used". */
  | { readonly ok: false; readonly notFound: true }
  | { readonly ok: false; readonly notFound: false; readonly error: HerodotError | FlowExpiredError };

/**
 * Marks the matching code used, or says why it cannot be used. `belongs` narrows the candidates
 * (login codes of one identity, registration codes of the submitted addresses).
 */
export function useCode(
  flow: { codes: OneTimeCode[]; submitCount: number },
  submitted: string,
  now: Date,
  belongs: (code: OneTimeCode) => boolean = () => true,
): CodeUse {
  flow.submitCount += 1;
  if (flow.submitCount > MAX_SUBMISSIONS)
    return { ok: false, notFound: false, error: codeSubmittedTooOften() };
  const code = flow.codes.find((candidate) => belongs(candidate) && candidate.code === submitted);
  if (code === undefined) return { ok: false, notFound: true };
  if (code.expiresAt.getTime() < now.getTime()) {
    return { ok: false, notFound: false, error: new FlowExpiredError(code.expiresAt) };
  }
  if (code.usedAt !== undefined) return { ok: false, notFound: false, error: codeAlreadyUsed() };
  code.usedAt = now;
  return { ok: true, code };
}
