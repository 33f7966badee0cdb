/**
 * Admin session endpoints against the emulator: `/admin/sessions` (keyset pagination, `active`,
 * `expand`), single sessions (get, revoke, extend) and an identity's sessions (list, delete)
 * (kratos-behavior.md §4.10, §8.2, §8.3).
 */
import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { NOT_FOUND_BODY, userWithSessions, type SessionJson, type UserSession } from './adminHelpers';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

function sessionIds(body: SessionJson[]): string[] {
  return body.map((s) => s.id);
}

function nextLink(link: string | undefined): string | undefined {
  return /<([^>]+)>; rel="next"/.exec(link ?? '')?.[1];
}

describe('emulator: GET /admin/sessions', () => {
  let emulator: Emulator;
  /** All sessions, newest first. */
  let newestFirst: UserSession[];

  beforeAll(async () => {
    emulator = await startEmulator();
    const alice = await userWithSessions(emulator, 3);
    const bob = await userWithSessions(emulator, 2);
    newestFirst = [...alice.sessions, ...bob.sessions].reverse();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('lists sessions newest first without identity and devices unless expanded', async () => {
    const res = await request(emulator.adminUrl).get('/admin/sessions');
    expect(res.status).toBe(200);
    expect(sessionIds(res.body)).toEqual(newestFirst.map((s) => s.sessionId));
    expect(res.body[0]).toMatchObject({ active: true, identity: null, devices: null });
    expect(Object.keys(res.body[0])).toEqual([
      'id',
      'active',
      'expires_at',
      'authenticated_at',
      'authenticator_assurance_level',
      'authentication_methods',
      'issued_at',
      'identity',
      'devices',
    ]);
    const first = Buffer.from(
      'id=00000000-0000-0000-0000-000000000000/created_at=2200-12-31 23:59:59',
    ).toString('base64');
    expect(res.headers.link).toBe(
      `</admin/sessions?page_size=250&page_token=${encodeURIComponent(first.replace(/=+$/, ''))}>; rel="first"`,
    );
  });

  it('paginates with an opaque page_token by following rel="next"', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/admin/sessions?page_size=2';
    let pages = 0;
    while (next !== undefined) {
      const res: request.Response = await request(emulator.adminUrl).get(next);
      expect(res.status).toBe(200);
      seen.push(...sessionIds(res.body));
      next = nextLink(res.headers.link);
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(newestFirst.map((s) => s.sessionId));
    const second = await request(emulator.adminUrl).get('/admin/sessions?page_size=2');
    const token = new URLSearchParams(nextLink(second.headers.link)?.split('?')[1]).get('page_token') ?? '';
    expect(Buffer.from(token, 'base64').toString('utf8')).toMatch(
      new RegExp(
        `^id=${newestFirst[1]?.sessionId ?? ''}/created_at=\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?$`,
      ),
    );
  });

  it('expands identity (without addresses) and devices, case-insensitively', async () => {
    const res = await request(emulator.adminUrl).get(
      '/admin/sessions?expand=Identity&expand=devices&page_size=1',
    );
    const [session] = res.body as SessionJson[];
    expect(session?.identity).toMatchObject({
      id: newestFirst[0]?.identityId,
      schema_url: expect.stringContaining('/schemas/'),
    });
    expect(session?.identity).not.toHaveProperty('verifiable_addresses');
    expect(session?.identity).not.toHaveProperty('metadata_admin');
    expect(session?.identity).not.toHaveProperty('credentials');
    expect(session?.devices).toEqual([
      {
        id: expect.any(String),
        ip_address: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
        user_agent: 'emulator-tests/1.0',
        location: '',
      },
    ]);
    const bad = await request(emulator.adminUrl).get('/admin/sessions?expand=identity&expand=bogus');
    expect(bad.status).toBe(400);
    expect(bad.body.error.reason).toBe('Could not parse expand option: bogus');
  });

  it('filters by active and rejects an unparsable value', async () => {
    const revoked = newestFirst[2];
    await request(emulator.adminUrl)
      .delete(`/admin/sessions/${revoked?.sessionId ?? ''}`)
      .expect(204);
    const active = await request(emulator.adminUrl).get('/admin/sessions?active=true');
    expect(sessionIds(active.body)).toEqual(newestFirst.filter((s) => s !== revoked).map((s) => s.sessionId));
    const inactive = await request(emulator.adminUrl).get('/admin/sessions?active=f');
    expect(sessionIds(inactive.body)).toEqual([revoked?.sessionId]);
    expect(inactive.body[0].active).toBe(false);
    const bad = await request(emulator.adminUrl).get('/admin/sessions?active=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: { code: 400, status: 'Bad Request', message: 'could not parse parameter active' },
    });
  });

  it.each([
    ['page_size=abc', { code: 400, status: 'Bad Request', message: 'could not parse parameter page_size' }],
    [
      'page_token=%21%21',
      { code: 400, status: 'Bad Request', message: 'could not parse parameter page_size' },
    ],
    [
      `page_token=${Buffer.from('id=nope').toString('base64').replace(/=+$/, '')}`,
      {
        code: 400,
        status: 'Bad Request',
        reason: 'The page token is invalid, do not craft your own page tokens',
        message: 'The request was malformed or contained invalid parameters',
      },
    ],
  ])('rejects %s', async (query, error) => {
    const res = await request(emulator.adminUrl).get(`/admin/sessions?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error });
  });
});

describe('emulator: single admin sessions', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ sessionLifespanMs: 60 * 60 * 1000 });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('gets a session with devices [] and identity null, or expanded', async () => {
    const [session] = (await userWithSessions(emulator, 1)).sessions;
    const plain = await request(emulator.adminUrl).get(`/admin/sessions/${session?.sessionId ?? ''}`);
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ id: session?.sessionId, active: true, identity: null, devices: [] });
    const expanded = await request(emulator.adminUrl).get(
      `/admin/sessions/${session?.sessionId ?? ''}?expand=identity&expand=devices`,
    );
    expect(expanded.body.identity).toMatchObject({
      id: session?.identityId,
      verifiable_addresses: [expect.any(Object)],
    });
    expect(expanded.body.identity).not.toHaveProperty('metadata_admin');
    expect(expanded.body.devices).toHaveLength(1);
  });

  it('answers unknown ids with 404 and malformed ids with 400', async () => {
    const unknown = await request(emulator.adminUrl).get(`/admin/sessions/${UNKNOWN_ID}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(NOT_FOUND_BODY);
    for (const method of ['get', 'delete', 'patch'] as const) {
      const path = method === 'patch' ? '/admin/sessions/abc/extend' : '/admin/sessions/abc';
      const res = await request(emulator.adminUrl)[method](path);
      expect(res.status).toBe(400);
      expect(res.headers['ory-error-id']).toBe('');
      expect(res.body).toEqual({
        error: { code: 400, status: 'Bad Request', message: 'uuid: incorrect UUID length 3 in string "abc"' },
      });
    }
    expect((await request(emulator.adminUrl).delete(`/admin/sessions/${UNKNOWN_ID}`)).status).toBe(404);
    expect((await request(emulator.adminUrl).patch(`/admin/sessions/${UNKNOWN_ID}/extend`)).status).toBe(404);
  });

  it('revokes a session: 204, its token stops working, and it stays readable as inactive', async () => {
    const [session] = (await userWithSessions(emulator, 1)).sessions;
    const id = session?.sessionId ?? '';
    const res = await request(emulator.adminUrl).delete(`/admin/sessions/${id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const whoami = await request(emulator.publicUrl)
      .get('/sessions/whoami')
      .set('X-Session-Token', session?.token ?? '');
    expect(whoami.status).toBe(401);
    const read = await request(emulator.adminUrl).get(`/admin/sessions/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.active).toBe(false);
  });

  it('extends a session to now + lifespan and returns it with its identity', async () => {
    const [session] = (await userWithSessions(emulator, 1)).sessions;
    const id = session?.sessionId ?? '';
    const before = await request(emulator.adminUrl).get(`/admin/sessions/${id}`);
    const started = Date.now();
    const res = await request(emulator.adminUrl).patch(`/admin/sessions/${id}/extend`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, active: true, devices: [], identity: { id: session?.identityId } });
    const expires = Date.parse(res.body.expires_at);
    expect(expires).toBeGreaterThanOrEqual(Date.parse(before.body.expires_at));
    expect(expires).toBeGreaterThanOrEqual(started + 60 * 60 * 1000 - 5);
    expect(expires).toBeLessThanOrEqual(Date.now() + 60 * 60 * 1000);
  });

  it('redirects /admin/sessions/whoami and DELETE /admin/sessions to the public API', async () => {
    const res = await request(emulator.adminUrl).get('/admin/sessions/whoami?x=1');
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe(`${emulator.publicUrl}/sessions/whoami?x=1`);
    const revokeOthers = await request(emulator.adminUrl).delete('/sessions');
    expect(revokeOthers.status).toBe(307);
    expect(revokeOthers.headers.location).toBe(`${emulator.publicUrl}/sessions`);
  });
});

describe("emulator: an identity's sessions", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('lists them newest first with identity and devices, X-Total-Count and Link', async () => {
    const { sessions } = await userWithSessions(emulator, 3);
    const identityId = sessions[0]?.identityId ?? '';
    const res = await request(emulator.adminUrl).get(`/admin/identities/${identityId}/sessions`);
    expect(res.status).toBe(200);
    expect(sessionIds(res.body)).toEqual([...sessions].reverse().map((s) => s.sessionId));
    expect(res.headers['x-total-count']).toBe('3');
    expect(res.body[0].devices).toHaveLength(1);
    // List endpoints load the identity without addresses and without schema_url.
    expect(res.body[0].identity).toMatchObject({ id: identityId, schema_url: '' });
    expect(res.body[0].identity).not.toHaveProperty('verifiable_addresses');
  });

  it('paginates by page (pages 0 and 1 are both the first page) and filters by active', async () => {
    const { sessions } = await userWithSessions(emulator, 3);
    const identityId = sessions[0]?.identityId ?? '';
    const newest = [...sessions].reverse().map((s) => s.sessionId);
    const base = `/admin/identities/${identityId}/sessions`;
    const zero = await request(emulator.adminUrl).get(`${base}?per_page=2&page=0`);
    const one = await request(emulator.adminUrl).get(`${base}?per_page=2&page=1`);
    const two = await request(emulator.adminUrl).get(`${base}?per_page=2&page=2`);
    expect(sessionIds(zero.body)).toEqual(newest.slice(0, 2));
    expect(sessionIds(one.body)).toEqual(newest.slice(0, 2));
    expect(sessionIds(two.body)).toEqual(newest.slice(2));
    expect(zero.headers.link).toBe(
      `<${base}?page=1&page_size=2&page_token=eyJvZmZzZXQiOiIyIiwidiI6Mn0&per_page=2>; rel="next",` +
        `<${base}?page=1&page_size=2&page_token=eyJvZmZzZXQiOiIyIiwidiI6Mn0&per_page=2>; rel="last"`,
    );
    // Following rel="next" (page 1) repeats the first page: the Kratos quirk the facade must know.
    const followed = await request(emulator.adminUrl).get(nextLink(zero.headers.link) ?? '');
    expect(sessionIds(followed.body)).toEqual(newest.slice(0, 2));

    await request(emulator.adminUrl)
      .delete(`/admin/sessions/${newest[0] ?? ''}`)
      .expect(204);
    const active = await request(emulator.adminUrl).get(`${base}?active=true`);
    expect(sessionIds(active.body)).toEqual(newest.slice(1));
    expect(active.headers['x-total-count']).toBe('2');
    const inactive = await request(emulator.adminUrl).get(`${base}?active=false`);
    expect(sessionIds(inactive.body)).toEqual(newest.slice(0, 1));
    const bad = await request(emulator.adminUrl).get(`${base}?active=yes`);
    expect(bad.body).toEqual({
      error: { code: 400, status: 'Bad Request', message: 'could not parse parameter active' },
    });
  });

  it('answers an unknown identity with an empty list and a malformed id with 400', async () => {
    const res = await request(emulator.adminUrl).get(`/admin/identities/${UNKNOWN_ID}/sessions`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expect(res.headers['x-total-count']).toBe('0');
    const bad = await request(emulator.adminUrl).get('/admin/identities/abc/sessions');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('uuid: incorrect UUID length 3 in string "abc"');
  });

  it('deletes them (204, tokens stop working), then answers 404 because none are left', async () => {
    const { sessions } = await userWithSessions(emulator, 2);
    const identityId = sessions[0]?.identityId ?? '';
    const res = await request(emulator.adminUrl).delete(`/admin/identities/${identityId}/sessions`);
    expect(res.status).toBe(204);
    for (const session of sessions) {
      const whoami = await request(emulator.publicUrl)
        .get('/sessions/whoami')
        .set('X-Session-Token', session.token);
      expect(whoami.status).toBe(401);
      expect((await request(emulator.adminUrl).get(`/admin/sessions/${session.sessionId}`)).status).toBe(404);
    }
    const again = await request(emulator.adminUrl).delete(`/admin/identities/${identityId}/sessions`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual(NOT_FOUND_BODY);
    expect((await request(emulator.adminUrl).delete(`/admin/identities/${UNKNOWN_ID}/sessions`)).status).toBe(
      404,
    );
    const redirect = await request(emulator.publicUrl).delete(`/identities/${identityId}/sessions`);
    expect(redirect.status).toBe(307);
    expect(redirect.headers.location).toBe(`${emulator.adminUrl}/admin/identities/${identityId}/sessions`);
  });
});
