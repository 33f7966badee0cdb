/**
 * Recovery and verification submissions share their shape: first an email (Ory mails a code), then the code.
 * Code guesses are limited per flow, and code emails per address.
 */
import type { Context } from '../../context/context';
import type { RecoveryOutcome, VerificationOutcome } from '../../ory/models';
import type { CodeMethod, SubmitCommon } from '../../ory/submit';
import { codeVerdict } from './verdicts';

export interface CodeSubmission extends SubmitCommon {
  flowId: string;
  code: CodeMethod;
}

/** Ory's messages for a wrong or used code. */
const INVALID_CODE = { recovery: 4060006, verification: 4070006 } as const;

export function submitCode<T extends RecoveryOutcome | VerificationOutcome>(
  ctx: Context,
  kind: 'recovery' | 'verification',
  submission: CodeSubmission,
  submit: (body: CodeMethod & SubmitCommon) => Promise<T>,
): Promise<T> {
  const { code } = submission;
  const sending = code.code == null && code.email != null;
  return ctx.attempts.guard(
    kind,
    sending && code.email != null ? code.email : submission.flowId,
    () =>
      submit({
        email: code.email,
        code: code.code,
        csrfToken: submission.csrfToken,
        transientPayload: submission.transientPayload,
      }),
    codeVerdict(INVALID_CODE[kind], sending),
  );
}
