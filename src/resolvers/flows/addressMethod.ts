/**
 * Recovery and verification share their methods: `code` (first an email, Ory mails a code; then the code) and
 * `link` (an email, Ory mails a link). Sending is limited per address, code guesses per flow.
 */
import type { SubmissionCommon, Submission } from './submission';
import { chooseMethod, commonFields, opt } from './submission';

export interface AddressMethodInput extends SubmissionCommon {
  code?: { email?: string | null; code?: string | null } | null;
  link?: { email: string } | null;
}

/** Ory's body for both flows: `{ method: 'code', email?, code? }` or `{ method: 'link', email }`. */
export type AddressMethodBody =
  | {
      method: 'code';
      email?: string;
      code?: string;
      csrf_token?: string;
      transient_payload?: Record<string, unknown>;
    }
  | { method: 'link'; email: string; csrf_token?: string; transient_payload?: Record<string, unknown> };

export function addressSubmission(flowId: string, input: AddressMethodInput): Submission<AddressMethodBody> {
  const common = commonFields(input);
  const { code, link } = input;
  return chooseMethod<AddressMethodBody>({
    code:
      code &&
      (() => {
        const sending = code.code == null && code.email != null;
        return {
          body: { method: 'code', email: opt(code.email), code: opt(code.code), ...common },
          attempt: { identifier: sending && code.email != null ? code.email : flowId, sending },
        };
      }),
    link:
      link &&
      (() => ({
        body: { method: 'link', email: link.email, ...common },
        attempt: { identifier: link.email, sending: true },
      })),
  });
}
