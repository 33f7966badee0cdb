/**
 * `PATCH /admin/identities/{id}` (RFC 6902 JSON Patch) against the emulator: allowed operations,
 * denied paths, replace-as-add, re-validation and the exact error envelopes (kratos-behavior.md §4.9).
 */
import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { hashPassword } from '../../emulator/crypto/passwordHash';
import { createIdentity, createPasswordIdentity, NOT_FOUND_BODY, type IdentityJson } from './adminHelpers';
import { login, register, uniqueEmail } from './helpers';

type Operation = Record<string, unknown>;

function patchError(message: string): unknown {
  return {
    error: {
      code: 400,
      status: 'Bad Request',
      reason: 'An error occured when applying the JSON patch',
      message,
    },
  };
}

describe('emulator: admin identity patch', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  function patch(id: string, body: unknown): request.Test {
    return request(emulator.adminUrl)
      .patch(`/admin/identities/${id}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));
  }

  async function fresh(): Promise<IdentityJson> {
    return createIdentity(emulator, { traits: { email: uniqueEmail('patch'), name: { first: 'Ada' } } });
  }

  it('applies add, replace and remove to traits and metadata', async () => {
    const identity = await fresh();
    const res = await patch(identity.id, [
      { op: 'replace', path: '/traits/name/first', value: 'Grace' },
      { op: 'add', path: '/traits/name/last', value: 'Hopper' },
      { op: 'add', path: '/metadata_admin', value: 'metadata admin' },
      { op: 'replace', path: '/metadata_public', value: { role: 'user' } },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: identity.id,
      traits: { email: identity.traits.email, name: { first: 'Grace', last: 'Hopper' } },
      metadata_admin: 'metadata admin',
      metadata_public: { role: 'user' },
      state_changed_at: identity.state_changed_at,
    });
    const removed = await patch(identity.id, [{ op: 'remove', path: '/traits/name' }]);
    expect(removed.body.traits).toEqual({ email: identity.traits.email });
  });

  it('treats replace of a missing key as add, creating missing parents', async () => {
    const identity = await fresh();
    expect(identity.metadata_public).toBeNull();
    const res = await patch(identity.id, [
      { op: 'replace', path: '/metadata_public/plan', value: 'pro' },
      { op: 'replace', path: '/external_id', value: 'ext-replace-as-add' },
      { op: 'add', path: '/metadata_admin/roles/-', value: 'admin' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.metadata_public).toEqual({ plan: 'pro' });
    expect(res.body.external_id).toBe('ext-replace-as-add');
    expect(res.body.metadata_admin).toEqual({ roles: ['admin'] });
  });

  it('keeps replace for array elements, which then must exist', async () => {
    const identity = await fresh();
    const res = await patch(identity.id, [{ op: 'replace', path: '/verifiable_addresses/3', value: {} }]);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      patchError(
        'replace operation does not apply: doc is missing key: /verifiable_addresses/3: missing value',
      ),
    );
  });

  it.each([
    ['/id', { op: 'replace', path: '/id', value: '00000000-0000-4000-8000-000000000000' }],
    ['/credentials', { op: 'replace', path: '/credentials', value: 'patched-credentials' }],
    [
      '/credentials/oidc/config/providers/0/organization',
      { op: 'replace', path: '/credentials/oidc/config/providers/0/organization', value: 'foo' },
    ],
  ])('denies %s', async (path, op: Operation) => {
    const identity = await fresh();
    const res = await patch(identity.id, [op]);
    expect(res.status).toBe(400);
    expect(res.headers['ory-error-id']).toBe('');
    expect(res.body).toEqual(patchError(`patch includes denied path: ${path}`));
  });

  it.each(['move', 'copy', 'test'])('refuses the %s operation', async (op) => {
    const identity = await fresh();
    const res = await patch(identity.id, [{ op, path: '/traits/name', from: '/traits/email', value: 'x' }]);
    expect(res.body).toEqual(patchError(`unsupported operation: ${op}`));
  });

  it.each([
    [
      'an unknown op',
      [{ op: 'frobnicate', path: '/x' }],
      'invalid operation {"op":"frobnicate","path":"/x"}: unsupported operation',
    ],
    [
      'add without value',
      [{ op: 'add', path: '/x' }],
      `invalid operation {"op":"add","path":"/x"}: failed to decode 'value': operation, missing value field: missing value`,
    ],
    [
      'remove without path',
      [{ op: 'remove' }],
      `invalid operation {"op":"remove"}: failed to decode 'path': operation missing path field: missing value`,
    ],
    ['an object body', { op: 'add' }, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch'],
  ])('rejects %s with the decoder error', async (_label, body, message) => {
    const identity = await fresh();
    const res = await patch(identity.id, body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(patchError(message));
  });

  it('rejects an empty body with "invalid state detected"', async () => {
    const identity = await fresh();
    const res = await request(emulator.adminUrl).patch(`/admin/identities/${identity.id}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(patchError('invalid state detected'));
  });

  it('reports apply errors with the json-patch texts', async () => {
    const identity = await fresh();
    const missingKey = await patch(identity.id, [{ op: 'remove', path: '/traits/nope' }]);
    expect(missingKey.body).toEqual(
      patchError(
        "error in remove for path: '/traits/nope': unable to remove nonexistent key: nope: missing value",
      ),
    );
    const missingPath = await patch(identity.id, [{ op: 'remove', path: '/metadata_public/a/b' }]);
    expect(missingPath.body).toEqual(
      patchError(
        'remove operation does not apply: doc is missing path: "/metadata_public/a/b": missing value',
      ),
    );
    const typed = await patch(identity.id, [{ op: 'replace', path: '/schema_id', value: 5 }]);
    expect(typed.body).toEqual(
      patchError(
        'json: cannot unmarshal number into Go struct field WithCredentialsAndAdminMetadataInJSON.schema_id of type string',
      ),
    );
  });

  it('re-validates the result against the schema and keeps the identity on failure', async () => {
    const identity = await fresh();
    const res = await patch(identity.id, [{ op: 'remove', path: '/traits/email' }]);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 400,
      status: 'Bad Request',
      reason: 'I[#/traits] S[#/properties/traits/required] missing properties: "email"',
      message: 'The request was malformed or contained invalid parameters',
    });
    const schema = await patch(identity.id, [{ op: 'replace', path: '/schema_id', value: 'invalid-id' }]);
    expect(schema.status).toBe(400);
    expect(schema.body.error.reason).toBe('Unable to find JSON Schema ID: invalid-id');
    const read = await request(emulator.adminUrl).get(`/admin/identities/${identity.id}`);
    expect(read.body.traits).toEqual(identity.traits);
    expect(read.body.schema_id).toBe('default');
  });

  it('rejects an invalid state and updates state_changed_at on a valid change', async () => {
    const identity = await fresh();
    const invalid = await patch(identity.id, [{ op: 'replace', path: '/state', value: 'invalid-value' }]);
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({
      error: {
        code: 400,
        status: 'Bad Request',
        reason:
          "The supplied state ('invalid-value') was not valid. Valid states are ('active', 'inactive').",
        message: 'identity state is not valid',
      },
    });
    const inactive = await patch(identity.id, [{ op: 'replace', path: '/state', value: 'inactive' }]);
    expect(inactive.body.state).toBe('inactive');
    expect(Date.parse(inactive.body.state_changed_at)).toBeGreaterThanOrEqual(
      Date.parse(identity.state_changed_at),
    );
  });

  it('deactivating an identity invalidates its sessions', async () => {
    const session = await register(emulator, uniqueEmail('patch-state'));
    const res = await patch(session.identityId, [{ op: 'replace', path: '/state', value: 'inactive' }]);
    expect(res.status).toBe(200);
    const whoami = await request(emulator.publicUrl)
      .get('/sessions/whoami')
      .set('X-Session-Token', session.token);
    expect(whoami.status).toBe(401);
  });

  it('stamps verified_at when an address is verified and clears it when it is not', async () => {
    const identity = await fresh();
    const verified = await patch(identity.id, [
      { op: 'replace', path: '/verifiable_addresses/0/verified', value: true },
      { op: 'replace', path: '/verifiable_addresses/0/status', value: 'completed' },
    ]);
    expect(verified.status).toBe(200);
    expect(verified.body.verifiable_addresses[0]).toMatchObject({
      verified: true,
      status: 'completed',
      verified_at: expect.any(String),
    });
    const fixed = await patch(identity.id, [
      { op: 'replace', path: '/verifiable_addresses/0/verified_at', value: '1999-01-07T08:23:19Z' },
    ]);
    expect(fixed.body.verifiable_addresses[0].verified_at).toBe('1999-01-07T08:23:19Z');
    const unverified = await patch(identity.id, [
      { op: 'replace', path: '/verifiable_addresses/0/verified', value: false },
    ]);
    expect(unverified.body.verifiable_addresses[0].verified).toBe(false);
    expect(unverified.body.verifiable_addresses[0]).not.toHaveProperty('verified_at');
  });

  it('answers a unique clash with 409', async () => {
    const a = await fresh();
    const b = await fresh();
    const res = await patch(b.id, [{ op: 'replace', path: '/traits/email', value: a.traits.email }]);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      'Unable to insert or update resource because a resource with that value exists already',
    );
  });

  it('lets a replaced hashed_password take effect at the public login', async () => {
    const { identity, email, password } = await createPasswordIdentity(
      emulator,
      'old-password-123',
      'patch-hash',
    );
    const res = await patch(identity.id, [
      {
        op: 'replace',
        path: '/credentials/password/config/hashed_password',
        value: await hashPassword('new-password-456'),
      },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.credentials.password).not.toHaveProperty('config');
    expect((await login(emulator, email, 'new-password-456')).status).toBe(200);
    expect((await login(emulator, email, password)).status).toBe(400);
  });

  it('accepts /credentials/password/config/password but, like Kratos, never hashes it', async () => {
    const { identity, email, password } = await createPasswordIdentity(
      emulator,
      'kept-password-123',
      'patch-clear',
    );
    const res = await patch(identity.id, [
      { op: 'replace', path: '/credentials/password/config/password', value: 'ignored-password-456' },
    ]);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('ignored-password-456');
    expect((await login(emulator, email, password)).status).toBe(200);
    expect((await login(emulator, email, 'ignored-password-456')).status).toBe(400);
  });

  it('looks the identity up before parsing the patch', async () => {
    const res = await patch('00000000-0000-4000-8000-000000000000', { not: 'a patch' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND_BODY);
  });

  it('redirects PATCH on the public port with 307', async () => {
    const res = await request(emulator.publicUrl).patch('/identities/some-id').send([]);
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe(`${emulator.adminUrl}/admin/identities/some-id`);
  });
});
