import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { login, uniqueEmail } from './helpers';

describe('emulator: admin identities', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  async function create(body: Record<string, unknown>): Promise<request.Response> {
    return request(emulator.adminUrl).post('/admin/identities').send(body);
  }

  it('creates an identity with 201, Location and Kratos field order', async () => {
    const email = uniqueEmail('Admin');
    const res = await create({
      schema_id: 'default',
      traits: { email, name: { first: 'Ada' } },
      credentials: { password: { config: { password: 'any password works for imports' } } },
      metadata_public: { plan: 'pro' },
      metadata_admin: { note: 'vip' },
      external_id: `ext-${email}`,
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`${emulator.adminUrl}/identities/${res.body.id}`);
    expect(Object.keys(res.body)).toEqual([
      'id',
      'external_id',
      'credentials',
      'schema_id',
      'schema_url',
      'state',
      'state_changed_at',
      'traits',
      'verifiable_addresses',
      'recovery_addresses',
      'metadata_public',
      'metadata_admin',
      'created_at',
      'updated_at',
      'organization_id',
    ]);
    expect(res.body.schema_url).toBe(`${emulator.publicUrl}/schemas/ZGVmYXVsdA`);
    expect(res.body.credentials).toEqual({
      password: {
        type: 'password',
        identifiers: [email.toLowerCase()],
        version: 0,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
    });
    expect(res.body.metadata_admin).toEqual({ note: 'vip' });
    const signIn = await login(emulator, email, 'any password works for imports');
    expect(signIn.status).toBe(200);
  });

  it('omits metadata_admin on create when it was not sent, and shows null on reads', async () => {
    const created = await create({ traits: { email: uniqueEmail() } });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('metadata_admin');
    expect(created.body).not.toHaveProperty('credentials');
    const read = await request(emulator.adminUrl).get(`/admin/identities/${created.body.id}`);
    expect(read.body.metadata_admin).toBeNull();
    expect(read.body.metadata_public).toBeNull();
  });

  it('rejects unknown fields with the Go decoder message', async () => {
    const res = await create({ traits: { email: uniqueEmail() }, schema_url: 'x' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: { code: 400, status: 'Bad Request', message: 'json: unknown field "schema_url"' },
    });
  });

  it('rejects invalid traits with the validator text as reason', async () => {
    const res = await create({ traits: { email: 42 } });
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe(
      'I[#/traits/email] S[#/properties/traits/properties/email/type] expected string, but got number',
    );
  });

  it('rejects an invalid state', async () => {
    const res = await create({ traits: { email: uniqueEmail() }, state: 'sleeping' });
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe('identity state is not valid');
  });

  it('answers a duplicate identifier with 409', async () => {
    const email = uniqueEmail('conflict');
    expect((await create({ traits: { email } })).status).toBe(201);
    const res = await create({ traits: { email: email.toUpperCase() } });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 409,
      status: 'Conflict',
      reason: 'This identity conflicts with another identity that already exists.',
      message: 'The resource could not be created due to a conflict',
    });
  });

  it('gets an identity with credentials, the password hash only when asked for, never the password', async () => {
    const created = await create({
      traits: { email: uniqueEmail() },
      credentials: { password: { config: { password: 'secret-password-123' } } },
    });
    const plain = await request(emulator.adminUrl).get(`/admin/identities/${created.body.id}`);
    expect(plain.status).toBe(200);
    expect(plain.body.credentials.password).not.toHaveProperty('config');
    const declassified = await request(emulator.adminUrl).get(
      `/admin/identities/${created.body.id}?include_credential=password`,
    );
    expect(declassified.body.credentials.password.config).toEqual({
      hashed_password: expect.stringMatching(/^\$scrypt\$/),
    });
    expect(JSON.stringify(declassified.body)).not.toContain('secret-password');
  });

  it('answers unknown and malformed identity ids with 404', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await request(emulator.adminUrl).get(`/admin/identities/${id}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error: { code: 404, status: 'Not Found', message: 'Unable to locate the resource' },
      });
    }
  });

  it('deletes an identity with 204, then 404', async () => {
    const created = await create({ traits: { email: uniqueEmail() } });
    await request(emulator.adminUrl).delete(`/admin/identities/${created.body.id}`).expect(204);
    const again = await request(emulator.adminUrl).delete(`/admin/identities/${created.body.id}`);
    expect(again.status).toBe(404);
  });

  it('answers without the /admin prefix on the admin listener', async () => {
    const created = await create({ traits: { email: uniqueEmail() } });
    const res = await request(emulator.adminUrl).get(`/identities/${created.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(created.body.id);
  });

  it('filters the list by ids (repeatable) with metadata_admin and without credentials', async () => {
    const a = await create({ traits: { email: uniqueEmail('ids-a') } });
    const b = await create({ traits: { email: uniqueEmail('ids-b') } });
    await create({ traits: { email: uniqueEmail('ids-c') } });
    const res = await request(emulator.adminUrl).get(`/admin/identities?ids=${a.body.id}&ids=${b.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body.map((i: { id: string }) => i.id)).toEqual([a.body.id, b.body.id].sort());
    expect(res.body[0]).toHaveProperty('metadata_admin', null);
    expect(res.body[0]).not.toHaveProperty('credentials');
  });

  it('rejects an invalid UUID in ids with the exact reason', async () => {
    const res = await request(emulator.adminUrl).get('/admin/identities?ids=not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe('Invalid UUID value `not-a-uuid` for parameter `ids`.');
  });

  it('rejects combined filters', async () => {
    const res = await request(emulator.adminUrl).get(
      '/admin/identities?ids=00000000-0000-4000-8000-000000000000&credentials_identifier=a@example.com',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe('You cannot combine multiple filters in this API');
  });

  it('finds an identity by credentials identifier, with credentials', async () => {
    const email = uniqueEmail('lookup');
    const created = await create({
      traits: { email },
      credentials: { password: { config: { password: 'secret-password-123' } } },
    });
    const res = await request(emulator.adminUrl).get(
      `/admin/identities?credentials_identifier=${encodeURIComponent(` ${email.toUpperCase()} `)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
    expect(res.body[0].credentials.password.identifiers).toEqual([email.toLowerCase()]);
  });

  it('paginates by id with page_size/page_token and a Link header', async () => {
    const fresh = await startEmulator();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await request(fresh.adminUrl)
          .post('/admin/identities')
          .send({ traits: { email: uniqueEmail('page') } });
        ids.push(res.body.id);
      }
      ids.sort();
      const first = await request(fresh.adminUrl).get('/admin/identities?page_size=2');
      expect(first.body.map((i: { id: string }) => i.id)).toEqual(ids.slice(0, 2));
      expect(first.headers.link).toBe(
        `</admin/identities?page_size=2&page_token=00000000-0000-0000-0000-000000000000>; rel="first",` +
          `</admin/identities?page_size=2&page_token=${ids[1]}>; rel="next"`,
      );
      const second = await request(fresh.adminUrl).get(`/identities?page_size=2&page_token=${ids[1]}`);
      expect(second.body.map((i: { id: string }) => i.id)).toEqual(ids.slice(2));
      expect(second.headers.link).toBe(
        `</admin/identities?page_size=2&page_token=00000000-0000-0000-0000-000000000000>; rel="first"`,
      );
      const bad = await request(fresh.adminUrl).get('/admin/identities?page_token=nope');
      expect(bad.status).toBe(400);
      expect(bad.body.error.reason).toBe('The page token is invalid, do not craft your own page tokens');
    } finally {
      await fresh.close();
    }
  });
});
