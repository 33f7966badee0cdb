import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { login, register, uniqueEmail } from './helpers';

const NO_COOKIE = {
  error: {
    code: 401,
    status: 'Unauthorized',
    reason: 'No valid session cookie found.',
    message: 'The request could not be authorized',
  },
};

describe('emulator: the caller’s sessions (/sessions)', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  /** Registers and signs in twice more: three sessions of one identity. */
  async function threeSessions(): Promise<{ tokens: string[]; ids: string[] }> {
    const email = uniqueEmail('sessions');
    const first = await register(emulator, email);
    const tokens = [first.token];
    for (let i = 0; i < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      tokens.push((await login(emulator, email, 'Correct-Horse-Battery-42')).body.session_token);
    }
    const ids: string[] = [];
    for (const token of tokens) {
      ids.push(
        (await request(emulator.publicUrl).get('/sessions/whoami').set('X-Session-Token', token)).body.id,
      );
    }
    return { tokens, ids };
  }

  it('lists the other active sessions, newest first, without the current one', async () => {
    const { tokens, ids } = await threeSessions();
    const res = await request(emulator.publicUrl).get('/sessions').set('X-Session-Token', tokens[0]!);
    expect(res.status).toBe(200);
    expect(res.body.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    expect(res.headers['x-total-count']).toBe('2');
    expect(res.headers.link).toContain('rel="first"');
    expect(res.body[0].identity).toMatchObject({ schema_url: '' });
    expect(res.body[0].identity).not.toHaveProperty('verifiable_addresses');
    const mid = await request(emulator.publicUrl).get('/sessions').set('X-Session-Token', tokens[1]!);
    expect(mid.body.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[0]]);
  });

  it('reproduces Kratos’ page quirk: pages 0 and 1 are both the first page (rel="next" repeats it)', async () => {
    const { tokens, ids } = await threeSessions();
    const token = tokens[0]!;
    const page = async (query: string): Promise<string[]> =>
      (await request(emulator.publicUrl).get(`/sessions?${query}`).set('X-Session-Token', token)).body.map(
        (s: { id: string }) => s.id,
      );
    expect(await page('per_page=1&page=0')).toEqual([ids[2]]);
    expect(await page('per_page=1&page=1')).toEqual([ids[2]]);
    expect(await page('per_page=1&page=2')).toEqual([ids[1]]);
    const first = await request(emulator.publicUrl)
      .get('/sessions?per_page=1&foo=bar')
      .set('X-Session-Token', token);
    // Relative, built from the request URL (other query parameters included), like Kratos.
    expect(first.headers.link).toBe(
      '</sessions?foo=bar&page=1&page_size=1&page_token=eyJvZmZzZXQiOiIxIiwidiI6Mn0&per_page=1>; rel="next",' +
        '</sessions?foo=bar&page=1&page_size=1&page_token=eyJvZmZzZXQiOiIxIiwidiI6Mn0&per_page=1>; rel="last"',
    );
  });

  it('revokes one session (204, also for unknown ids) but never the current one', async () => {
    const { tokens, ids } = await threeSessions();
    const current = await request(emulator.publicUrl)
      .delete(`/sessions/${ids[0]!}`)
      .set('X-Session-Token', tokens[0]!);
    expect(current.status).toBe(400);
    expect(current.body).toEqual({
      error: { code: 400, status: 'Bad Request', message: 'cannot revoke current session' },
    });
    const malformed = await request(emulator.publicUrl)
      .delete('/sessions/not-a-uuid')
      .set('X-Session-Token', tokens[0]!);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toBe('uuid: incorrect UUID length 10 in string "not-a-uuid"');
    const unknown = await request(emulator.publicUrl)
      .delete('/sessions/00000000-0000-4000-8000-000000000000')
      .set('X-Session-Token', tokens[0]!);
    expect(unknown.status).toBe(204);
    expect(unknown.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(unknown.text).toBe('');
    const other = await request(emulator.publicUrl)
      .delete(`/sessions/${ids[1]!}`)
      .set('X-Session-Token', tokens[0]!);
    expect(other.status).toBe(204);
    expect(
      (await request(emulator.publicUrl).get('/sessions/whoami').set('X-Session-Token', tokens[1]!)).status,
    ).toBe(401);
  });

  it('answers 204 for another identity’s session and leaves it alone', async () => {
    const mine = await threeSessions();
    const theirs = await threeSessions();
    const res = await request(emulator.publicUrl)
      .delete(`/sessions/${theirs.ids[0]!}`)
      .set('X-Session-Token', mine.tokens[0]!);
    expect(res.status).toBe(204);
    const whoami = await request(emulator.publicUrl)
      .get('/sessions/whoami')
      .set('X-Session-Token', theirs.tokens[0]!);
    expect(whoami.status).toBe(200);
    expect(whoami.body.active).toBe(true);
  });

  it('revokes all other sessions with DELETE /sessions', async () => {
    const { tokens } = await threeSessions();
    const res = await request(emulator.publicUrl).delete('/sessions').set('X-Session-Token', tokens[2]!);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ count: 2 });
    expect(
      (await request(emulator.publicUrl).get('/sessions/whoami').set('X-Session-Token', tokens[0]!)).status,
    ).toBe(401);
    expect(
      (await request(emulator.publicUrl).get('/sessions/whoami').set('X-Session-Token', tokens[2]!)).status,
    ).toBe(200);
    const list = await request(emulator.publicUrl).get('/sessions').set('X-Session-Token', tokens[2]!);
    expect(list.body).toEqual([]);
  });

  it.each([
    ['GET', '/sessions'],
    ['DELETE', '/sessions'],
    ['DELETE', '/sessions/00000000-0000-4000-8000-000000000000'],
  ])('answers %s %s without a session with the id-less 401', async (method, path) => {
    const res = await request(emulator.publicUrl)[method === 'GET' ? 'get' : 'delete'](path);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NO_COOKIE);
  });

  it('keeps DELETE /sessions/whoami routed to whoami', async () => {
    const session = await register(emulator, uniqueEmail('whoami-delete'));
    const res = await request(emulator.publicUrl)
      .delete('/sessions/whoami')
      .set('X-Session-Token', session.token);
    expect(res.status).toBe(200);
    expect(res.body.identity.id).toBe(session.identityId);
  });
});
