/**
 * `PUT /admin/identities/{id}` and `GET /admin/identities/by/external/{externalID}` against the
 * emulator (kratos-behavior.md §4.9).
 */
import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { createIdentity, NOT_FOUND_BODY as NOT_FOUND, type IdentityJson } from './adminHelpers';
import { login, uniqueEmail } from './helpers';

describe('emulator: admin identity update (PUT)', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  function create(body: Record<string, unknown>): Promise<IdentityJson> {
    return createIdentity(emulator, body);
  }

  function put(id: string, body: unknown): request.Test {
    return request(emulator.adminUrl)
      .put(`/admin/identities/${id}`)
      .send(body as object);
  }

  it('replaces traits and clears omitted metadata and external_id, keeping schema_id and state', async () => {
    const email = uniqueEmail('put');
    const created = await create({
      traits: { email, name: { first: 'Ada' } },
      metadata_public: { plan: 'pro' },
      metadata_admin: { note: 'vip' },
      external_id: `ext-${email}`,
      state: 'inactive',
    });
    const newEmail = uniqueEmail('put-new');
    const res = await put(created.id, { traits: { email: newEmail } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toMatchObject({
      id: created.id,
      schema_id: 'default',
      state: 'inactive',
      state_changed_at: created.state_changed_at,
      traits: { email: newEmail },
      metadata_public: null,
      created_at: created.created_at,
      organization_id: null,
    });
    expect(res.body).not.toHaveProperty('external_id');
    // metadata_admin is omitempty on the request value: absent when not sent.
    expect(res.body).not.toHaveProperty('metadata_admin');
    expect(res.body.verifiable_addresses).toEqual([
      expect.objectContaining({ value: newEmail.toLowerCase(), verified: false, status: 'pending' }),
    ]);
    const read = await request(emulator.adminUrl).get(`/admin/identities/${created.id}`);
    expect(read.body).toMatchObject({
      metadata_admin: null,
      metadata_public: null,
      traits: { email: newEmail },
    });
    expect(read.body).not.toHaveProperty('external_id');
    const byOldExternal = await request(emulator.adminUrl).get(`/admin/identities/by/external/ext-${email}`);
    expect(byOldExternal.status).toBe(404);
  });

  it('shows metadata_admin when it was sent, and changes state_changed_at only on a state change', async () => {
    const created = await create({ traits: { email: uniqueEmail('put-meta') } });
    const same = await put(created.id, {
      traits: created.traits,
      state: 'active',
      metadata_admin: null,
      metadata_public: { a: 1 },
    });
    expect(same.status).toBe(200);
    expect(same.body.metadata_admin).toBeNull();
    expect(same.body.metadata_public).toEqual({ a: 1 });
    expect(same.body.state_changed_at).toBe(created.state_changed_at);
    const inactive = await put(created.id, {
      traits: created.traits,
      state: 'inactive',
      metadata_admin: { x: 1 },
    });
    expect(inactive.body.state).toBe('inactive');
    expect(inactive.body.metadata_admin).toEqual({ x: 1 });
    expect(Date.parse(inactive.body.state_changed_at)).toBeGreaterThanOrEqual(
      Date.parse(created.state_changed_at),
    );
  });

  it('keeps the password unless credentials are sent, and imports a new password when they are', async () => {
    const email = uniqueEmail('put-pass');
    const created = await create({
      traits: { email },
      credentials: { password: { config: { password: 'first-password-123' } } },
    });
    const keep = await put(created.id, { traits: { email } });
    expect(keep.body.credentials.password).toEqual({
      type: 'password',
      identifiers: [email.toLowerCase()],
      version: 0,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect((await login(emulator, email, 'first-password-123')).status).toBe(200);

    const change = await put(created.id, {
      traits: { email },
      credentials: { password: { config: { password: 'second-password-456' } } },
    });
    expect(change.status).toBe(200);
    expect(change.body.credentials.password).not.toHaveProperty('config');
    expect((await login(emulator, email, 'second-password-456')).status).toBe(200);
    expect((await login(emulator, email, 'first-password-123')).status).toBe(400);
  });

  it('re-derives password identifiers from changed traits', async () => {
    const email = uniqueEmail('put-ident');
    const created = await create({
      traits: { email },
      credentials: { password: { config: { password: 'identifier-password-1' } } },
    });
    const next = uniqueEmail('put-ident-new');
    const res = await put(created.id, { traits: { email: next } });
    expect(res.body.credentials.password.identifiers).toEqual([next.toLowerCase()]);
    expect((await login(emulator, next, 'identifier-password-1')).status).toBe(200);
    expect((await login(emulator, email, 'identifier-password-1')).status).toBe(400);
  });

  it('appends imported OIDC providers to existing ones', async () => {
    const created = await create({
      traits: { email: uniqueEmail('put-oidc') },
      credentials: { oidc: { config: { providers: [{ provider: 'github', subject: 'gh-1' }] } } },
    });
    const res = await put(created.id, {
      traits: created.traits,
      credentials: { oidc: { config: { providers: [{ provider: 'google', subject: 'g-1' }] } } },
    });
    expect(res.body.credentials.oidc.identifiers).toEqual(['github:gh-1', 'google:g-1']);
  });

  it('validates omitted traits as {} and null traits as null', async () => {
    const created = await create({ traits: { email: uniqueEmail('put-notraits') } });
    const res = await put(created.id, { schema_id: 'default' });
    expect(res.status).toBe(400);
    expect(res.headers['ory-error-id']).toBe('');
    expect(res.body.error).toMatchObject({ code: 400, status: 'Bad Request' });
    expect(res.body.error.reason).toBe(
      'I[#/traits] S[#/properties/traits/required] missing properties: "email"',
    );
    const nullTraits = await put(created.id, { schema_id: 'default', traits: null });
    expect(nullTraits.body.error.reason).toBe(
      'I[#/traits] S[#/properties/traits/type] expected object, but got null',
    );
    const read = await request(emulator.adminUrl).get(`/admin/identities/${created.id}`);
    expect(read.body.traits).toEqual(created.traits);
  });

  it('rejects an unknown schema and an invalid state change', async () => {
    const created = await create({ traits: { email: uniqueEmail('put-schema') } });
    const schema = await put(created.id, { schema_id: 'nope', traits: created.traits });
    expect(schema.status).toBe(400);
    expect(schema.body.error.reason).toBe('Unable to find JSON Schema ID: nope');
    const state = await put(created.id, { state: 'sleeping', traits: created.traits });
    expect(state.status).toBe(400);
    expect(state.body.error).toEqual({
      code: 400,
      status: 'Bad Request',
      reason: 'identity state is not valid',
      message: 'The request was malformed or contained invalid parameters',
    });
  });

  it('answers a clash with another identity with 409 and leaves both unchanged', async () => {
    const a = await create({ traits: { email: uniqueEmail('put-a') } });
    const b = await create({ traits: { email: uniqueEmail('put-b') } });
    const res = await put(b.id, { traits: a.traits });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      error: {
        code: 409,
        status: 'Conflict',
        message: 'Unable to insert or update resource because a resource with that value exists already',
      },
    });
    const read = await request(emulator.adminUrl).get(`/admin/identities/${b.id}`);
    expect(read.body.traits).toEqual(b.traits);
  });

  it('requires Content-Type: application/json and a non-empty body', async () => {
    const created = await create({ traits: { email: uniqueEmail('put-ct') } });
    const text = await request(emulator.adminUrl)
      .put(`/admin/identities/${created.id}`)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ traits: created.traits }));
    expect(text.status).toBe(400);
    expect(text.body.error.reason).toBe(
      'HTTP PUT Request used unknown HTTP Header "Content-Type: text/plain", only [application/json] are supported.',
    );
    const empty = await request(emulator.adminUrl)
      .put(`/admin/identities/${created.id}`)
      .set('Content-Type', 'application/json');
    expect(empty.status).toBe(400);
    expect(empty.body.error.reason).toBe(
      'Unable to decode HTTP Request Body because its HTTP Header "Content-Length" is zero.',
    );
    const typed = await put(created.id, { traits: created.traits, schema_id: 5 });
    expect(typed.body.error.reason).toBe(
      'Unable to decode JSON payload: json: cannot unmarshal number into Go struct field UpdateIdentityBody.schema_id of type string',
    );
  });

  it('ignores unknown fields (decoderx is not strict)', async () => {
    const created = await create({ traits: { email: uniqueEmail('put-unknown') } });
    const res = await put(created.id, {
      traits: created.traits,
      schema_url: 'ignored',
      organization_id: 'ignored',
    });
    expect(res.status).toBe(200);
  });

  it('answers 404 for unknown ids after decoding the body', async () => {
    const res = await put('00000000-0000-4000-8000-000000000000', { traits: { email: uniqueEmail() } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND);
  });

  it('redirects PUT on the public port to the admin API with 307', async () => {
    const res = await request(emulator.publicUrl).put('/admin/identities/some-id').send({});
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe(`${emulator.adminUrl}/admin/identities/some-id`);
  });
});

describe('emulator: admin identity by external id', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('finds an identity by external id with metadata_admin and credentials', async () => {
    const externalId = `crm/${Date.now()} user`;
    const created = await request(emulator.adminUrl)
      .post('/admin/identities')
      .send({
        traits: { email: uniqueEmail('ext') },
        external_id: externalId,
        credentials: { password: { config: { password: 'external-password-1' } } },
      });
    const res = await request(emulator.adminUrl).get(
      `/admin/identities/by/external/${encodeURIComponent(externalId)}?include_credential=password`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.body.id, external_id: externalId, metadata_admin: null });
    expect(res.body.credentials.password.config).toEqual({
      hashed_password: expect.stringMatching(/^\$scrypt\$/),
    });
    const withoutPrefix = await request(emulator.adminUrl).get(
      `/identities/by/external/${encodeURIComponent(externalId)}`,
    );
    expect(withoutPrefix.body.id).toBe(created.body.id);
  });

  it('answers 404 for an unknown external id and for an empty one', async () => {
    const unknown = await request(emulator.adminUrl).get('/admin/identities/by/external/nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(NOT_FOUND);
    const empty = await request(emulator.adminUrl).get('/admin/identities/by/external/');
    expect(empty.status).toBe(404);
    expect(empty.text).toBe('404 page not found\n');
  });
});
