/**
 * The login strategies in Kratos' registry order (`driver/registry_default.go`
 * `selfServiceStrategies`: profile, password, oidc, code, link, totp, passkey, webauthn, lookup,
 * identifier_first). The order decides which form nodes come first before sorting, and which
 * strategy gets a submit first.
 */
import type { EmulatorConfig } from '../options';
import { codeLoginStrategy } from './codeLogin';
import { identifierFirstLoginStrategy } from './identifierFirstLogin';
import type { LoginStrategy } from './loginStrategy';
import { lookupLoginStrategy } from './lookupLogin';
import { oidcLoginStrategy } from './oidcLogin';
import { passwordLoginStrategy } from './passwordLogin';
import { totpLoginStrategy } from './totpLogin';

const CREDENTIAL_STRATEGIES: readonly LoginStrategy[] = [
  passwordLoginStrategy,
  oidcLoginStrategy,
  codeLoginStrategy,
  totpLoginStrategy,
  lookupLoginStrategy,
];

/** `AllLoginStrategies`: every strategy gets a look at a submit, enabled or not. */
export const ALL_LOGIN_STRATEGIES: readonly LoginStrategy[] = [
  ...CREDENTIAL_STRATEGIES,
  identifierFirstLoginStrategy((config) => CREDENTIAL_STRATEGIES.filter((s) => s.enabled(config))),
];

/** `LoginStrategies(ctx)`: the enabled ones, which fill the forms. */
export function enabledLoginStrategies(config: EmulatorConfig): LoginStrategy[] {
  return ALL_LOGIN_STRATEGIES.filter((strategy) => strategy.enabled(config));
}
