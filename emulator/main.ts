#!/usr/bin/env node
/**
 * The `ory-emulator` command (in this repository `npm run emulator`): the Ory emulator on 4433 (public) and
 * 4434 (admin) with the demo user seeded and every method but WebAuthn enabled (`EMULATOR_DEVELOPMENT_DEFAULTS`).
 * `EMULATOR_PUBLIC_PORT` / `EMULATOR_ADMIN_PORT` override the ports; this is the only file of the emulator that
 * reads the environment.
 */
import {
  DEMO_USER,
  DEVELOPMENT_TOKENIZER_TEMPLATE,
  EMULATOR_DEVELOPMENT_DEFAULTS,
  startEmulator,
} from './index';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    process.stderr.write(`${name}: must be a port number (0-65535), got ${JSON.stringify(raw)}\n`);
    process.exit(1);
  }
  return value;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    ...EMULATOR_DEVELOPMENT_DEFAULTS,
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
      '  methods:    password, code, TOTP, backup codes, social sign-in (provider "test")',
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
