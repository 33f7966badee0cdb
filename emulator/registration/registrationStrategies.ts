/**
 * The registration strategies in Kratos' registry order: profile, password, oidc, code, then the
 * disabled passkey method, which still decodes every leftover body (see `passkeyRegistrationStage`).
 */
import type { EmulatorConfig } from '../options';
import { codeRegistrationStrategy } from './codeRegistration';
import { oidcRegistrationStrategy } from './oidcRegistration';
import { passkeyRegistrationStage, passwordRegistrationStrategy } from './passwordRegistration';
import { profileRegistrationStrategy } from './profileRegistration';
import type { RegistrationStrategy } from './registrationStrategy';

const CREDENTIAL_STRATEGIES: readonly RegistrationStrategy[] = [
  passwordRegistrationStrategy,
  oidcRegistrationStrategy,
  codeRegistrationStrategy,
];

const PROFILE = profileRegistrationStrategy((ctx) => enabledRegistrationStrategies(ctx.deps.config));

/** The passkey strategy as the emulator knows it: never enabled, but it answers leftover submits. */
const PASSKEY: RegistrationStrategy = {
  id: 'passkey',
  group: 'passkey',
  enabled: () => false,
  populate: () => undefined,
  populateProfile: () => undefined,
  populateCredentials: () => undefined,
  register: passkeyRegistrationStage,
};

/** `AllRegistrationStrategies`. */
export const ALL_REGISTRATION_STRATEGIES: readonly RegistrationStrategy[] = [
  PROFILE,
  ...CREDENTIAL_STRATEGIES,
  PASSKEY,
];

/** `RegistrationStrategies(ctx)`: the enabled ones, which fill the forms (profile always). */
export function enabledRegistrationStrategies(config: EmulatorConfig): RegistrationStrategy[] {
  return ALL_REGISTRATION_STRATEGIES.filter((strategy) => strategy.enabled(config));
}
