/**
 * How the brute-force guard reads flow outcomes: which answers are failed attempts (counted per identifier)
 * and which are successes (clearing the count).
 */
import type { AttemptVerdict } from '../../context/bruteForce';
import type {
  LoginOutcome,
  RecoveryOutcome,
  RegistrationOutcome,
  SettingsOutcome,
  UiText,
  VerificationOutcome,
} from '../../ory/models';

const hasMessage = (messages: UiText[] | undefined, id: number): boolean =>
  (messages ?? []).some((message) => message.id === id);

export const loginVerdict = (outcome: LoginOutcome): AttemptVerdict =>
  outcome.__typename === 'LoginSuccess'
    ? 'success'
    : outcome.__typename === 'LoginFlow'
      ? 'failure'
      : 'neutral';

export const registrationVerdict = (outcome: RegistrationOutcome): AttemptVerdict =>
  outcome.__typename === 'RegistrationSuccess'
    ? 'success'
    : outcome.__typename === 'RegistrationFlow'
      ? 'failure'
      : 'neutral';

/** A wrong code is a failure; a passed challenge a success. Asking for a code is charged like a failure. */
export const codeVerdict =
  (invalidCodeMessage: number, sending: boolean) =>
  (outcome: RecoveryOutcome | VerificationOutcome): AttemptVerdict => {
    if (sending) return 'failure';
    if (outcome.__typename !== 'RecoveryFlow' && outcome.__typename !== 'VerificationFlow') return 'neutral';
    if (outcome.state === 'passed_challenge') return 'success';
    return hasMessage(outcome.ui.messages, invalidCodeMessage) ? 'failure' : 'neutral';
  };

export const passwordChangeVerdict = (outcome: SettingsOutcome): AttemptVerdict =>
  outcome.__typename !== 'SettingsFlow' ? 'neutral' : outcome.state === 'success' ? 'success' : 'failure';
