/**
 * The Kratos test profiles and the emulator describe the same servers: the identity schema the
 * profiles with code and TOTP load (base64 in their yml files) is the emulator's
 * `ALL_METHODS_IDENTITY_SCHEMA`, and every profile's emulator options start an emulator.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { ALL_METHODS_IDENTITY_SCHEMA, EMULATOR_DEVELOPMENT_DEFAULTS, startEmulator } from '../../emulator';
import { KRATOS_DIR, PROFILES, type ProfileName } from '../kratos/profiles';

describe('Kratos test profiles', () => {
  it.each(['methods.yml', 'identifier-first.yml', 'mfa-code.yml'])(
    '%s loads the all-methods identity schema',
    (file) => {
      const text = readFileSync(path.join(KRATOS_DIR, file), 'utf8');
      const encoded = /url: base64:\/\/(\S+)/.exec(text)?.[1] ?? '';
      expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).toEqual(
        ALL_METHODS_IDENTITY_SCHEMA,
      );
    },
  );

  it.each(Object.keys(PROFILES) as ProfileName[])('the %s profile starts an emulator', async (name) => {
    const profile = PROFILES[name];
    for (const file of profile.configs)
      expect(readFileSync(path.join(KRATOS_DIR, file), 'utf8')).not.toBe('');
    const emulator = await startEmulator(profile.emulator);
    try {
      expect((await request(emulator.publicUrl).get('/self-service/login/api')).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it('the development defaults enable every method but WebAuthn', async () => {
    const emulator = await startEmulator({ ...EMULATOR_DEVELOPMENT_DEFAULTS, seedDemoUser: true });
    try {
      const flow = await request(emulator.publicUrl).get('/self-service/login/api');
      const methods = flow.body.ui.nodes
        .filter((n: { attributes: { name?: string; type?: string } }) => n.attributes.type === 'submit')
        .map(
          (n: { attributes: { name: string; value: string } }) =>
            `${n.attributes.name}=${n.attributes.value}`,
        );
      expect(methods).toEqual(['provider=test', 'method=code', 'method=password']);
    } finally {
      await emulator.close();
    }
  });

  it('refuses passwordless codes and codes as second factor together, as Kratos refuses to start', async () => {
    // Kratos v26.2.0's configuration schema: `passwordless_enabled` and `mfa_enabled` are never both true.
    await expect(
      startEmulator({ ...EMULATOR_DEVELOPMENT_DEFAULTS, codePasswordless: true, codeMfa: true }),
    ).rejects.toThrow(/codePasswordless and codeMfa/);
    const mfa = await startEmulator({
      ...EMULATOR_DEVELOPMENT_DEFAULTS,
      codePasswordless: false,
      codeMfa: true,
    });
    await mfa.close();
  });
});
