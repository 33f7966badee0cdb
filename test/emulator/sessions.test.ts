import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { register, sleep, uniqueEmail } from './helpers';

const UNAUTHORIZED_BODY =
  '{"error":{"code":401,"status":"Unauthorized","reason":"No valid session credentials found in the request.","message":"The request could not be authorized"}}\n';

describe('emulator: whoami and native logout', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('returns the session for X-Session-Token with the identity id header', async () => {
    const session = await register(emulator, uniqueEmail('whoami'));
    const res = await request(emulator.publicUrl)
      .get('/sessions/whoami')
      .set('X-Session-Token', session.token);
    expect(res.status).toBe(200);
    expect(res.headers['x-kratos-authenticated-identity-id']).toBe(session.identityId);
    expect(res.body).toMatchObject({
      active: true,
      authenticator_assurance_level: 'aal1',
      identity: { id: session.identityId },
    });
    expect(res.body.identity).not.toHaveProperty('credentials');
    expect(res.body.identity).not.toHaveProperty('metadata_admin');
  });

  it('accepts Authorization: Bearer with a case-insensitive scheme', async () => {
    const session = await register(emulator, uniqueEmail('bearer'));
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const res = await request(emulator.publicUrl)
        .get('/sessions/whoami')
        .set('Authorization', `${scheme} ${session.token}`);
      expect(res.status).toBe(200);
      expect(res.body.identity.id).toBe(session.identityId);
    }
  });

  it.each([
    ['no credentials', {}],
    ['an unknown token', { 'X-Session-Token': 'ory_st_unknownunknownunknownunknown12' }],
    ['a malformed Authorization header', { Authorization: 'Bearer a b' }],
  ])('answers %s with the id-less 401 body', async (_label, headers: Record<string, string>) => {
    const res = await request(emulator.publicUrl).get('/sessions/whoami').set(headers);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['ory-error-id']).toBe('');
    expect(res.text).toBe(UNAUTHORIZED_BODY);
  });

  it('revokes a session with DELETE /self-service/logout/api', async () => {
    const session = await register(emulator, uniqueEmail('logout'));
    const logout = await request(emulator.publicUrl)
      .delete('/self-service/logout/api')
      .send({ session_token: session.token });
    expect(logout.status).toBe(204);
    expect(logout.text).toBe('');
    const whoami = await request(emulator.publicUrl)
      .get('/sessions/whoami')
      .set('X-Session-Token', session.token);
    expect(whoami.status).toBe(401);
    expect(whoami.text).toBe(UNAUTHORIZED_BODY);
    const again = await request(emulator.publicUrl)
      .delete('/self-service/logout/api')
      .send({ session_token: session.token });
    expect(again.status).toBe(204);
  });

  it('answers an unknown session token on logout with 403', async () => {
    const res = await request(emulator.publicUrl)
      .delete('/self-service/logout/api')
      .send({ session_token: 'ory_st_nope' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: {
        code: 403,
        status: 'Forbidden',
        reason: 'The provided Ory Session Token could not be found, is invalid, or otherwise malformed.',
        message: 'The requested action was forbidden',
      },
    });
  });

  it('answers a logout without a JSON body with 400', async () => {
    const empty = await request(emulator.publicUrl).delete('/self-service/logout/api');
    expect(empty.status).toBe(400);
    expect(empty.body.error.reason).toBe(
      'Unable to decode HTTP Request Body because its HTTP Header "Content-Length" is zero.',
    );
    const form = await request(emulator.publicUrl)
      .delete('/self-service/logout/api')
      .type('form')
      .send({ session_token: 'x' });
    expect(form.status).toBe(400);
    expect(form.body.error.reason).toBe(
      'HTTP DELETE Request used unknown HTTP Header "Content-Type: application/x-www-form-urlencoded", only [application/json] are supported.',
    );
    const broken = await request(emulator.publicUrl)
      .delete('/self-service/logout/api')
      .set('Content-Type', 'application/json')
      .send('{');
    expect(broken.status).toBe(400);
    expect(broken.body.error.reason).toMatch(/^Unable to decode JSON payload: /);
  });

  it('ends sessions when the identity is deleted', async () => {
    const session = await register(emulator, uniqueEmail('deleted'));
    await request(emulator.adminUrl).delete(`/admin/identities/${session.identityId}`).expect(204);
    const res = await request(emulator.publicUrl)
      .get('/sessions/whoami')
      .set('X-Session-Token', session.token);
    expect(res.status).toBe(401);
  });
});

describe('emulator: session lifespan', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ sessionLifespanMs: 60 });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('stops accepting a session after its lifespan', async () => {
    const session = await register(emulator, uniqueEmail('short'));
    const fresh = await request(emulator.publicUrl)
      .get('/sessions/whoami')
      .set('X-Session-Token', session.token);
    expect(fresh.status).toBe(200);
    expect(Date.parse(fresh.body.expires_at) - Date.parse(fresh.body.issued_at)).toBe(60);
    await sleep(100);
    const expired = await request(emulator.publicUrl)
      .get('/sessions/whoami')
      .set('X-Session-Token', session.token);
    expect(expired.status).toBe(401);
  });
});
