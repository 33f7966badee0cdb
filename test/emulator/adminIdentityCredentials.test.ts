/**
 * `DELETE /admin/identities/{id}/credentials/{type}` against the emulator: the last first factor
 * is protected, OIDC/SAML need an `identifier`, missing types are 404 (kratos-behavior.md §4.9).
 */
import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { createIdentity, NOT_FOUND_BODY } from './adminHelpers';
import { login, uniqueEmail } from './helpers';

describe('emulator: admin identity credential deletion', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  function remove(id: string, type: string, query = ''): request.Test {
    return request(emulator.adminUrl).delete(`/admin/identities/${id}/credentials/${type}${query}`);
  }

  async function withPasswordAndProviders(providers: { provider: string; subject: string }[]) {
    const email = uniqueEmail('creds');
    const identity = await createIdentity(emulator, {
      traits: { email },
      credentials: {
        password: { config: { password: 'credential-password-1' } },
        oidc: { config: { providers } },
      },
    });
    return { identity, email };
  }

  it('refuses to remove the last first factor', async () => {
    const identity = await createIdentity(emulator, {
      traits: { email: uniqueEmail('last') },
      credentials: { password: { config: { password: 'only-password-123' } } },
    });
    const res = await remove(identity.id, 'password');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: 400,
        status: 'Bad Request',
        reason: 'You cannot remove the last first factor credential.',
        message: 'The request was malformed or contained invalid parameters',
      },
    });
  });

  it('removes a password when another first factor exists; the identifiers stay', async () => {
    const { identity, email } = await withPasswordAndProviders([{ provider: 'github', subject: 'gh-1' }]);
    const res = await remove(identity.id, 'password');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await login(emulator, email, 'credential-password-1')).status).toBe(400);
    const read = await request(emulator.adminUrl).get(
      `/admin/identities/${identity.id}?include_credential=password`,
    );
    expect(read.body.credentials.password).toMatchObject({ identifiers: [email.toLowerCase()], config: {} });
    // Now the OIDC provider is the last first factor.
    const oidc = await remove(identity.id, 'oidc', '?identifier=github:gh-1');
    expect(oidc.status).toBe(400);
    expect(oidc.body.error.reason).toBe('You cannot remove the last first factor credential.');
  });

  it('removes one OIDC provider chosen by identifier', async () => {
    const { identity } = await withPasswordAndProviders([
      { provider: 'github', subject: 'gh-2' },
      { provider: 'google', subject: 'g-2' },
    ]);
    const missing = await remove(identity.id, 'oidc');
    expect(missing.status).toBe(400);
    expect(missing.body.error.reason).toBe('You must provide an identifier to delete this credential.');
    const unknown = await remove(identity.id, 'oidc', '?identifier=github:nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.reason).toBe(
      'The identifier `github:nobody` was not found among OIDC credentials.',
    );
    const ok = await remove(identity.id, 'oidc', '?identifier=github:gh-2');
    expect(ok.status).toBe(204);
    const read = await request(emulator.adminUrl).get(
      `/admin/identities/${identity.id}?include_credential=oidc`,
    );
    expect(read.body.credentials.oidc.identifiers).toEqual(['google:g-2']);
    expect(read.body.credentials.oidc.config).toEqual({
      providers: [
        {
          initial_id_token: '',
          initial_access_token: '',
          initial_refresh_token: '',
          subject: 'g-2',
          provider: 'google',
        },
      ],
    });
  });

  it('answers 404 for a credential type the identity does not have', async () => {
    const identity = await createIdentity(emulator, { traits: { email: uniqueEmail('none') } });
    for (const type of ['totp', 'password', 'webauthn']) {
      const res = await remove(identity.id, type);
      expect(res.status).toBe(404);
      expect(res.headers['ory-error-id']).toBe('');
      expect(res.body).toEqual({
        error: {
          code: 404,
          status: 'Not Found',
          reason: `You tried to remove a ${type} but this user have no ${type} set up.`,
          message: 'The requested resource could not be found',
        },
      });
    }
  });

  it('answers 404 for unknown identities and redirects from the public port', async () => {
    const res = await remove('00000000-0000-4000-8000-000000000000', 'password');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND_BODY);
    const redirect = await request(emulator.publicUrl).delete('/admin/identities/x/credentials/password');
    expect(redirect.status).toBe(307);
    expect(redirect.headers.location).toBe(`${emulator.adminUrl}/admin/identities/x/credentials/password`);
  });
});
