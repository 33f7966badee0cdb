import request from 'supertest';
import { fingerprint, startEmulator, type Emulator } from '../../emulator';
import { login, register, uniqueEmail, USER_AGENT } from './helpers';

describe('emulator: request log', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  beforeEach(() => {
    emulator.requestLog.clear();
  });

  it('computes fingerprints as sha256: plus 16 hex characters', () => {
    // sha256("secret") = 2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b
    expect(fingerprint('secret')).toBe('sha256:2bb80d537b1da3e3');
  });

  it('records listener, method, path, parsed query, status and selected headers', async () => {
    await request(emulator.publicUrl)
      .get('/self-service/login/api?refresh=false&x=1&x=2')
      .set('User-Agent', USER_AGENT);
    await request(emulator.adminUrl).get('/identities?page_size=5');
    expect(emulator.requestLog.entries()).toEqual([
      {
        listener: 'public',
        method: 'GET',
        path: '/self-service/login/api',
        query: { refresh: 'false', x: ['1', '2'] },
        status: 200,
        headers: expect.objectContaining({ 'user-agent': USER_AGENT }),
      },
      {
        listener: 'admin',
        method: 'GET',
        path: '/identities',
        query: { page_size: '5' },
        status: 200,
        headers: expect.any(Object),
      },
    ]);
  });

  it('stores session tokens, bearer credentials and cookies only as fingerprints', async () => {
    const email = uniqueEmail('log');
    const password = 'Correct-Horse-Battery-42';
    const session = await register(emulator, email, password);
    const loggedIn = await login(emulator, email, password);
    const second: string = loggedIn.body.session_token;
    await request(emulator.publicUrl).get('/sessions/whoami').set('X-Session-Token', session.token);
    await request(emulator.publicUrl).get('/sessions/whoami').set('Authorization', `Bearer ${second}`);
    await request(emulator.publicUrl)
      .get('/sessions/whoami')
      .set('Cookie', `ory_kratos_session=${session.token}; other=1`);
    await request(emulator.publicUrl)
      .delete('/self-service/logout/api')
      .send({ session_token: session.token });

    const entries = emulator.requestLog.entries();
    const whoami = entries.filter((e) => e.path === '/sessions/whoami');
    expect(whoami.map((e) => e.headers)).toEqual([
      expect.objectContaining({ 'x-session-token': fingerprint(session.token) }),
      expect.objectContaining({ authorization: `Bearer ${fingerprint(second)}` }),
      expect.objectContaining({
        cookie: [
          { name: 'ory_kratos_session', value: fingerprint(session.token) },
          { name: 'other', value: fingerprint('1') },
        ],
      }),
    ]);
    const serialized = JSON.stringify(entries);
    for (const secret of [session.token, second, password, email]) expect(serialized).not.toContain(secret);
  });

  it('fingerprints secret-looking query values', async () => {
    await request(emulator.publicUrl).get(
      '/self-service/login/api?token=abc&return_to=ory_st_notreallyatoken',
    );
    const [entry] = emulator.requestLog.entries();
    expect(entry?.query).toEqual({
      token: fingerprint('abc'),
      return_to: fingerprint('ory_st_notreallyatoken'),
    });
  });

  it('is readable and clearable over HTTP on the admin listener, without logging itself', async () => {
    await request(emulator.publicUrl).get('/health/alive');
    const listed = await request(emulator.adminUrl).get('/emulator/requests');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ listener: 'public', path: '/health/alive', status: 200 }),
    ]);
    const prefixed = await request(emulator.adminUrl).get('/admin/emulator/requests');
    expect(prefixed.body).toHaveLength(1);
    await request(emulator.adminUrl).delete('/emulator/requests').expect(204);
    expect(emulator.requestLog.entries()).toEqual([]);
    const onPublic = await request(emulator.publicUrl).get('/emulator/requests');
    expect(onPublic.status).toBe(404);
  });
});
