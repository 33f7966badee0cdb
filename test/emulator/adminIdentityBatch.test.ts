/**
 * `PATCH /admin/identities` (batch create) against the emulator: per-identity results, partial
 * failures, limits and body errors (kratos-behavior.md §4.9).
 */
import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { createIdentity } from './adminHelpers';
import { login, uniqueEmail } from './helpers';

describe('emulator: admin batch identity import', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  function batch(body: unknown): request.Test {
    return request(emulator.adminUrl)
      .patch('/admin/identities')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));
  }

  it('creates identities and echoes patch ids in order', async () => {
    const emails = [uniqueEmail('batch'), uniqueEmail('batch')];
    const patchIds = ['9f425a8d-7efc-4768-8f23-7647a74fdf13', '9f425a8d-7efc-4768-8f23-7647a74fdf14'];
    const res = await batch({
      identities: [
        {
          patch_id: patchIds[0],
          create: {
            traits: { email: emails[0] },
            credentials: { password: { config: { password: 'batch-password-1' } } },
            metadata_admin: { source: 'import' },
          },
        },
        { patch_id: patchIds[1], create: { traits: { email: emails[1] }, external_id: `ext-${emails[1]}` } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      identities: [
        { action: 'create', identity: expect.any(String), patch_id: patchIds[0] },
        { action: 'create', identity: expect.any(String), patch_id: patchIds[1] },
      ],
    });
    const first = await request(emulator.adminUrl).get(
      `/admin/identities/${res.body.identities[0].identity}`,
    );
    expect(first.body).toMatchObject({ traits: { email: emails[0] }, metadata_admin: { source: 'import' } });
    expect((await login(emulator, emails[0] ?? '', 'batch-password-1')).status).toBe(200);
  });

  it('reports validation failures and conflicts per identity and creates the rest', async () => {
    const existing = await createIdentity(emulator, { traits: { email: uniqueEmail('batch-existing') } });
    const fresh = uniqueEmail('batch-fresh');
    const res = await batch({
      identities: [
        { create: { traits: { email: existing.traits.email } } },
        { create: { traits: { email: 42 } } },
        { create: { schema_id: 'nope', traits: { email: uniqueEmail() } } },
        { create: { traits: { email: fresh } } },
        { patch_id: '9f425a8d-7efc-4768-8f23-7647a74fdf15' },
      ],
    });
    expect(res.status).toBe(200);
    const generic = 'The request was malformed or contained invalid parameters';
    expect(res.body.identities).toEqual([
      {
        action: 'error',
        error: {
          code: 409,
          status: 'Conflict',
          message: 'Unable to insert or update resource because a resource with that value exists already',
        },
      },
      {
        action: 'error',
        error: {
          code: 400,
          status: 'Bad Request',
          reason:
            'I[#/traits/email] S[#/properties/traits/properties/email/type] expected string, but got number',
          message: generic,
        },
      },
      {
        action: 'error',
        error: {
          code: 400,
          status: 'Bad Request',
          reason: 'Unable to find JSON Schema ID: nope',
          message: generic,
        },
      },
      { action: 'create', identity: expect.any(String) },
      null,
    ]);
    const byId = await request(emulator.adminUrl).get(`/admin/identities/${res.body.identities[3].identity}`);
    expect(byId.body.traits).toEqual({ email: fresh });
  });

  it('aborts the whole batch on an invalid state', async () => {
    const email = uniqueEmail('batch-abort');
    const res = await batch({
      identities: [
        { create: { traits: { email } } },
        { create: { traits: { email: uniqueEmail() }, state: 'x' } },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe('identity state is not valid');
    const list = await request(emulator.adminUrl).get('/admin/identities?page_size=500');
    expect(list.body.map((i: { traits: { email: string } }) => i.traits.email)).not.toContain(email);
  });

  it('writes decoder errors with status 400 but herodot 500-style bodies', async () => {
    const res = await batch({ identities: [{ create: { traits: {} }, extra: true }] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: { code: 500, status: 'Internal Server Error', message: 'json: unknown field "extra"' },
    });
  });

  it('enforces the 1000 identities and 200 plaintext password limits', async () => {
    const tooMany = await batch({ identities: Array.from({ length: 1001 }, () => ({})) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.reason).toBe(
      'The maximum number of identities per request that can be created or deleted at once is 1000.',
    );
    const passwords = await batch({
      identities: Array.from({ length: 201 }, () => ({
        create: {
          traits: { email: uniqueEmail('batch-limit') },
          credentials: { password: { config: { password: 'p' } } },
        },
      })),
    });
    expect(passwords.status).toBe(400);
    expect(passwords.body.error.reason).toBe(
      'The maximum number of identities per request that can be created with a plaintext password is 200.',
    );
  });
});
