#!/usr/bin/env node
/**
 * The `ory-emulator` command (in this repository `npm run emulator`): the Ory emulator on 4433 (public) and
 * 4434 (admin) with the demo user seeded and every method but WebAuthn enabled (`EMULATOR_DEVELOPMENT_DEFAULTS`).
 * `EMULATOR_PUBLIC_PORT` / `EMULATOR_ADMIN_PORT` override the ports, and the variables of `CHOICE_VARIABLES` the
 * settings Kratos takes once for the whole server (the same names as the facade's `npm start`); this is the only
 * file of the emulator that reads the environment.
 */
import {
  DEMO_USER,
  DEVELOPMENT_TOKENIZER_TEMPLATE,
  EMULATOR_CHOICE_VALUES,
  EMULATOR_DEVELOPMENT_DEFAULTS,
  emulatorChoiceOptions,
  startEmulator,
  type EmulatorChoices,
} from './index';

/** The variable of each choice (src/config.ts reads the same ones for `npm start`). */
const CHOICE_VARIABLES: Readonly<Record<keyof EmulatorChoices, string>> = {
  loginStyle: 'EMULATOR_LOGIN_STYLE',
  registrationStyle: 'EMULATOR_REGISTRATION_STYLE',
  recoveryUse: 'EMULATOR_RECOVERY_USE',
  verificationUse: 'EMULATOR_VERIFICATION_USE',
  code: 'EMULATOR_CODE_USE',
};

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** One of the values `EMULATOR_CHOICE_VALUES` lists for `key`; unset or empty: the first one. */
function choice<K extends keyof EmulatorChoices>(key: K): EmulatorChoices[K] {
  const name = CHOICE_VARIABLES[key];
  const values: readonly string[] = EMULATOR_CHOICE_VALUES[key];
  const raw = process.env[name];
  if (raw === undefined || raw === '') return values[0] as EmulatorChoices[K];
  if (!values.includes(raw)) fail(`${name}: must be ${values.join(' or ')}, got ${JSON.stringify(raw)}`);
  return raw as EmulatorChoices[K];
}

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    fail(`${name}: must be a port number (0-65535), got ${JSON.stringify(raw)}`);
  }
  return value;
}

async function main(): Promise<void> {
  const choices: EmulatorChoices = {
    loginStyle: choice('loginStyle'),
    registrationStyle: choice('registrationStyle'),
    recoveryUse: choice('recoveryUse'),
    verificationUse: choice('verificationUse'),
    code: choice('code'),
  };
  const emulator = await startEmulator({
    ...EMULATOR_DEVELOPMENT_DEFAULTS,
    ...emulatorChoiceOptions(choices),
    publicPort: port('EMULATOR_PUBLIC_PORT', 4433),
    adminPort: port('EMULATOR_ADMIN_PORT', 4434),
    seedDemoUser: true,
  });
  process.stdout.write(
    [
      'Ory emulator (Kratos v26.2.0 wire format, in-memory, development only)',
      `  public API: ${emulator.publicUrl}`,
      `  admin API:  ${emulator.adminUrl}`,
      `  demo user:  ${DEMO_USER.email} / ${DEMO_USER.password}`,
      `  methods:    password, code (${choices.code}), TOTP, backup codes, social sign-in (provider "test")`,
      `  styles:     login ${choices.loginStyle}, registration ${choices.registrationStyle}; recovery by ${choices.recoveryUse}, verification by ${choices.verificationUse}`,
      `  session JWTs: tokenize_as=${DEVELOPMENT_TOKENIZER_TEMPLATE}, public keys at ${emulator.adminUrl}/emulator/tokenizer/jwks.json`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
