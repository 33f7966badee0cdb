/**
 * The UI message catalogue: ids, English texts and contexts exactly as Kratos' `text` package
 * (`text/id.go`, `text/message_*.go`). Contexts are maps, which Go marshals with sorted keys; the
 * serializer in `ui/serialize.ts` sorts them.
 */
import { goTime, goTimeString } from '../time';
import { goFloat, goQuote } from '../identity/goFormats';

export type UiTextType = 'info' | 'error' | 'success';

export interface UiText {
  readonly id: number;
  readonly text: string;
  readonly type: UiTextType;
  readonly context?: Readonly<Record<string, unknown>>;
}

const info = (id: number, text: string, context?: Record<string, unknown>): UiText => ({
  id,
  text,
  type: 'info',
  context,
});
const success = (id: number, text: string, context?: Record<string, unknown>): UiText => ({
  id,
  text,
  type: 'success',
  context,
});
const error = (id: number, text: string, context?: Record<string, unknown>): UiText => ({
  id,
  text,
  type: 'error',
  context,
});

/** Minutes since `at` with two decimals, like `%.2f` of `time.Since(at).Minutes()`. */
function minutesSince(at: Date, now: Date): string {
  return ((now.getTime() - at.getTime()) / 60_000).toFixed(2);
}

/** The `{expired_at, expired_at_unix}` context of the "flow expired" messages. */
function expiredContext(expiredAt: Date): Record<string, unknown> {
  return { expired_at: goTime(expiredAt), expired_at_unix: Math.floor(expiredAt.getTime() / 1000) };
}

export const messages = {
  // 1010000 login
  infoLogin: () => info(1010001, 'Sign in'),
  infoLoginReAuth: () => info(1010003, 'Please confirm this action by verifying that it is you.'),
  infoLoginMfa: () => info(1010004, 'Please complete the second authentication challenge.'),
  infoLoginWith: (provider: string, providerId: string) =>
    info(1010002, `Sign in with ${provider}`, { provider, provider_id: providerId }),
  infoLoginTotpLabel: () => info(1010006, 'Authentication code'),
  infoLoginLookupLabel: () => info(1010007, 'Backup recovery code'),
  infoLoginTotp: () => info(1010009, 'Use Authenticator'),
  infoLoginLookup: () => info(1010010, 'Use backup recovery code'),
  infoLoginContinue: () => info(1010013, 'Continue'),
  infoLoginLink: (duplicateIdentifier: string, provider: string, newLoginUrl: string): UiText =>
    info(
      1010016,
      `You tried to sign in with ${goQuote(duplicateIdentifier)}, but that email is already used by another account. Sign in to your account with one of the options below to add your account ${goQuote(duplicateIdentifier)} at ${goQuote(provider)} as another way to sign in.`,
      {
        duplicateIdentifier,
        provider,
        newLoginUrl,
        duplicate_identifier: duplicateIdentifier,
        new_login_url: newLoginUrl,
        // Filled only with `selfservice.flows.registration.login_hints`, which the emulator leaves off.
        available_credential_types: [],
        available_providers: [],
      },
    ),
  infoLoginAndLink: () => info(1010017, 'Sign in and link'),
  infoLoginWithAndLink: (provider: string) => info(1010018, `Confirm with ${provider}`, { provider }),
  linkedCredentialsDoNotMatch: () => error(4010009, 'Linked credentials do not match.'),
  loginCodeSent: () =>
    info(
      1010014,
      "A code was sent to the address you provided. If you didn't receive it, please check the spelling of the address and try again.",
    ),
  infoLoginCode: () => info(1010015, 'Send sign in code'),
  infoLoginCodeMfa: () => info(1010019, 'Request code to continue'),
  infoLoginPassword: () => info(1010022, 'Sign in with password'),
  infoLoginAal2CodeAddress: (channel: string, to: string) =>
    info(1010023, `Send code to ${to}`, { address: to, channel }),
  // 1040000 registration
  infoRegistration: () => info(1040001, 'Sign up'),
  infoRegistrationWith: (provider: string, providerId: string) =>
    info(1040002, `Sign up with ${provider}`, { provider, provider_id: providerId }),
  infoRegistrationContinue: () => info(1040003, 'Continue'),
  registrationCodeSent: () =>
    info(
      1040005,
      'A code has been sent to the address(es) you provided. If you have not received a message, check the spelling of the address and retry the registration.',
    ),
  infoRegistrationCode: () => info(1040006, 'Send sign up code'),
  infoRegistrationBack: () => info(1040008, 'Back'),
  infoRegistrationChooseCredentials: () =>
    info(1040009, 'Please choose a credential to authenticate yourself with.'),
  // 1050000 settings
  settingsSaved: () => success(1050001, 'Your changes have been saved!'),
  infoSettingsLinkOidc: (provider: string) => info(1050002, `Link ${provider}`, { provider }),
  infoSettingsUnlinkOidc: (provider: string) => info(1050003, `Unlink ${provider}`, { provider }),
  infoSettingsUnlinkTotp: () => info(1050004, 'Unlink TOTP Authenticator App'),
  infoSettingsTotpQrCode: () => info(1050005, 'Authenticator app QR code'),
  infoSettingsTotpSecret: (secret: string) => info(1050006, secret, { secret }),
  infoSettingsRevealLookup: () => info(1050007, 'Reveal backup recovery codes'),
  infoSettingsRegenerateLookup: () => info(1050008, 'Generate new backup recovery codes'),
  infoSettingsLookupSecret: (secret: string) => info(1050009, secret, { secret }),
  infoSettingsLookupSecretLabel: () =>
    info(1050010, 'These are your back up recovery codes. Please keep them in a safe place!'),
  infoSettingsLookupConfirm: () => info(1050011, 'Confirm backup recovery codes'),
  infoSettingsLookupSecretUsed: (usedAt: Date) =>
    info(1050014, `Secret was used at ${goTimeString(usedAt)}`, {
      used_at: goTime(usedAt),
      used_at_unix: Math.floor(usedAt.getTime() / 1000),
    }),
  infoSettingsLookupSecretList: (secrets: readonly string[], raw: readonly UiText[]) =>
    info(1050015, secrets.join(', '), { secrets: raw }),
  infoSettingsDisableLookup: () => info(1050016, 'Disable this method'),
  infoSettingsTotpSecretLabel: () =>
    info(1050017, 'This is your authenticator app secret. Use it if you can not scan the QR code.'),
  // 1060000 recovery
  recoverySuccessful: (privilegedUntil: Date, now: Date) =>
    success(
      1060001,
      `You successfully recovered your account. Please change your password or set up an alternative login method (e.g. social sign in) within the next ${((privilegedUntil.getTime() - now.getTime()) / 60_000).toFixed(2)} minutes.`,
      {
        privilegedSessionExpiresAt: goTime(privilegedUntil),
        privileged_session_expires_at: goTime(privilegedUntil),
        privileged_session_expires_at_unix: Math.floor(privilegedUntil.getTime() / 1000),
      },
    ),
  recoveryEmailSent: () =>
    info(
      1060002,
      'An email containing a recovery link has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.',
    ),
  recoveryCodeSent: () =>
    info(
      1060003,
      'An email containing a recovery code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.',
    ),
  // 1070000 node labels
  labelPassword: () => info(1070001, 'Password'),
  labelGenerated: (title: string, name: string) => info(1070002, title, { name, title }),
  labelSave: () => info(1070003, 'Save'),
  labelId: () => info(1070004, 'ID'),
  labelEmail: () => info(1070007, 'Email'),
  labelResendCode: () => info(1070008, 'Resend code'),
  labelContinue: () => info(1070009, 'Continue'),
  labelRecoveryCode: () => info(1070010, 'Recovery code'),
  labelVerifyOtp: () => info(1070006, 'Verify code'),
  labelVerificationCode: () => info(1070011, 'Verification code'),
  labelRegistrationCode: () => info(1070012, 'Registration code'),
  labelLoginCode: () => info(1070013, 'Login code'),
  // 1080000 verification
  verificationEmailSent: () =>
    info(
      1080001,
      'An email containing a verification link has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.',
    ),
  verificationSuccessful: () => success(1080002, 'You successfully verified your email address.'),
  verificationCodeSent: () =>
    info(
      1080003,
      'An email containing a verification code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.',
    ),

  // 4000000 validation
  validationGeneric: (reason: string) => error(4000001, reason, { reason }),
  required: (property: string) => error(4000002, `Property ${property} is missing.`, { property }),
  minLength: (min: number, actual: number) =>
    error(4000003, `length must be >= ${min}, but got ${actual}`, { actual_length: actual, min_length: min }),
  invalidFormat: (pattern: string) =>
    error(4000004, `does not match pattern ${JSON.stringify(pattern)}`, { pattern }),
  passwordPolicyGeneric: (reason: string) =>
    error(4000005, `The password can not be used because ${reason}.`, { reason }),
  invalidCredentials: () =>
    error(
      4000006,
      'The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.',
    ),
  duplicateCredentials: () =>
    error(4000007, 'An account with the same identifier (email, phone, username, ...) exists already.'),
  totpVerifierWrong: () => error(4000008, 'The provided authentication code is invalid, please try again.'),
  identifierMissing: () =>
    error(
      4000009,
      'Could not find any login identifiers. Did you forget to set them? This could also be caused by a server misconfiguration.',
    ),
  addressNotVerified: () =>
    error(4000010, 'Account not active yet. Did you forget to verify your email address?'),
  noTotpDevice: () => error(4000011, 'You have no TOTP device set up.'),
  lookupAlreadyUsed: () => error(4000012, 'This backup recovery code has already been used.'),
  noLookup: () => error(4000014, 'You have no backup recovery codes set up.'),
  lookupInvalid: () => error(4000016, 'The backup recovery code is not valid.'),
  maxLength: (max: number, actual: number) =>
    error(4000017, `length must be <= ${max}, but got ${actual}`, { actual_length: actual, max_length: max }),
  minimum: (min: number, actual: number) =>
    error(4000018, `must be >= ${goFloat(min)} but found ${goFloat(actual)}`, { actual, minimum: min }),
  exclusiveMinimum: (min: number, actual: number) =>
    error(4000019, `must be > ${goFloat(min)} but found ${goFloat(actual)}`, { actual, minimum: min }),
  maximum: (max: number, actual: number) =>
    error(4000020, `must be <= ${goFloat(max)} but found ${goFloat(actual)}`, { actual, maximum: max }),
  exclusiveMaximum: (max: number, actual: number) =>
    error(4000021, `must be < ${goFloat(max)} but found ${goFloat(actual)}`, { actual, maximum: max }),
  multipleOf: (base: number, actual: number) =>
    error(4000022, `${goFloat(actual)} not multipleOf ${goFloat(base)}`, { actual, base }),
  maxItems: (max: number, actual: number) =>
    error(4000023, `maximum ${max} items allowed, but found ${actual} items`, {
      actual_items: actual,
      max_items: max,
    }),
  minItems: (min: number, actual: number) =>
    error(4000024, `minimum ${min} items allowed, but found ${actual} items`, {
      actual_items: actual,
      min_items: min,
    }),
  uniqueItems: (a: number, b: number) =>
    error(4000025, `items at index ${a} and ${b} are equal`, { index_a: a, index_b: b }),
  wrongType: (allowed: readonly string[], actual: string) =>
    error(4000026, `expected ${allowed.join(' or ')}, but got ${actual}`, {
      actual_type: actual,
      allowed_types: allowed,
    }),
  constValue: (expected: string) => error(4000029, `must be equal to constant ${expected}`, { expected }),
  constGeneric: () => error(4000030, 'const failed'),
  passwordTooSimilar: () =>
    error(4000031, 'The password can not be used because it is too similar to the identifier.'),
  passwordMinLength: (min: number, actual: number) =>
    error(4000032, `The password must be at least ${min} characters long, but got ${actual}.`, {
      actual_length: actual,
      min_length: min,
    }),
  passwordMaxLength: (max: number, actual: number) =>
    error(4000033, `The password must be at most ${max} characters long, but got ${actual}.`, {
      actual_length: actual,
      max_length: max,
    }),
  noCodeUser: () => error(4000035, 'This account does not exist or has not setup sign in with code.'),
  traitsMismatch: () =>
    error(4000036, 'The provided traits do not match the traits previously associated with this flow.'),
  accountNotFound: () => error(4000037, 'This account does not exist or has no login method configured.'),
  passwordSameAsOld: () => error(4000039, 'The new password must be different from the old password.'),
  email: (value: string) => error(4000040, 'Enter a valid email address', { value }),
  phone: (value: string) => error(4000041, 'Enter a valid phone number', { value }),

  // 4010000 login / strategies
  loginFlowExpired: (expiredAt: Date, now: Date) =>
    error(4010001, `The login flow expired ${minutesSince(expiredAt, now)} minutes ago, please try again.`, {
      expired_at: goTime(expiredAt),
      expired_at_unix: Math.floor(expiredAt.getTime() / 1000),
    }),
  loginNoStrategy: () =>
    error(4010002, 'Could not find a strategy to log you in with. Did you fill out the form correctly?'),
  registrationNoStrategy: () =>
    error(4010003, 'Could not find a strategy to sign you up with. Did you fill out the form correctly?'),
  settingsNoStrategy: () =>
    error(4010004, 'Could not find a strategy to update your settings. Did you fill out the form correctly?'),
  recoveryNoStrategy: () =>
    error(
      4010005,
      'Could not find a strategy to recover your account with. Did you fill out the form correctly?',
    ),
  verificationNoStrategy: () =>
    error(
      4010006,
      'Could not find a strategy to verify your account with. Did you fill out the form correctly?',
    ),
  loginRetrySuccess: () =>
    error(4010007, 'The request was already completed successfully and can not be retried.'),
  loginCodeInvalid: () =>
    error(4010008, 'The login code is invalid or has already been used. Please try again.'),
  loginAddressUnknown: () =>
    error(4010010, 'The address you entered does not match any known addresses in the current account.'),
  // 4040000 registration
  registrationFlowExpired: (expiredAt: Date, now: Date) =>
    error(
      4040001,
      `The registration flow expired ${minutesSince(expiredAt, now)} minutes ago, please try again.`,
      {
        expired_at: goTime(expiredAt),
        expired_at_unix: Math.floor(expiredAt.getTime() / 1000),
      },
    ),
  registrationRetrySuccess: () =>
    error(4040002, 'The request was already completed successfully and can not be retried.'),
  registrationCodeInvalid: () =>
    error(4040003, 'The registration code is invalid or has already been used. Please try again.'),
  // 4050000 settings
  settingsFlowExpired: (expiredAt: Date, now: Date) =>
    error(
      4050001,
      `The settings flow expired ${minutesSince(expiredAt, now)} minutes ago, please try again.`,
      expiredContext(expiredAt),
    ),
  // 4060000 recovery
  recoveryRetrySuccess: () =>
    error(4060001, 'The request was already completed successfully and can not be retried.'),
  recoveryTokenInvalid: () =>
    error(4060004, 'The recovery token is invalid or has already been used. Please retry the flow.'),
  recoveryFlowExpired: (expiredAt: Date, now: Date) =>
    error(
      4060005,
      `The recovery flow expired ${minutesSince(expiredAt, now)} minutes ago, please try again.`,
      expiredContext(expiredAt),
    ),
  recoveryCodeInvalid: () =>
    error(4060006, 'The recovery code is invalid or has already been used. Please try again.'),
  // 4070000 verification
  verificationTokenInvalid: () =>
    error(4070001, 'The verification token is invalid or has already been used. Please retry the flow.'),
  verificationRetrySuccess: () =>
    error(4070002, 'The request was already completed successfully and can not be retried.'),
  verificationFlowExpired: (expiredAt: Date, now: Date) =>
    error(
      4070005,
      `The verification flow expired ${minutesSince(expiredAt, now)} minutes ago, please try again.`,
      expiredContext(expiredAt),
    ),
  verificationCodeInvalid: () =>
    error(4070006, 'The verification code is invalid or has already been used. Please try again.'),
} as const;
