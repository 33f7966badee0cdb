/**
 * The session middleware (src/middleware/orySession.ts) in the runnable example app of docs/examples, over HTTP
 * against the emulator and real Kratos (the `methods` profile, for second factors): sessions from tokens and
 * cookies, one Ory call per request, 401 or a redirect to sign in, the AAL2 guard, and Ory being down.
 */
import type express from 'express';
import request from 'supertest';
import { createNotesApp } from '../../docs/examples/sessionMiddleware';
import { loadConfig, withOry } from '../../src/config';
import { orySessionsFromConfig } from '../../src/middleware/orySession';
import { CookieJar } from '../harness/cookieJar';
import { startDeadUpstream, type DeadUpstream } from '../harness/deadUpstream';
import { useFacade } from '../harness/facade';
import { browserSignUp, newUser, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';
import { enrolTotp, passwordSignIn, stepUp } from '../harness/secondFactors';

const env = useFacade(() => startOryBackend({ profile: 'methods' }));

function sessionsFor(publicUrl: string, adminUrl: string) {
  const config = loadConfig({
    ORY_SDK_URL: publicUrl,
    ORY_ADMIN_URL: adminUrl,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  });
  return orySessionsFromConfig(withOry(config, { publicUrl, adminUrl }));
}

let sessions: ReturnType<typeof sessionsFor>;
let app: express.Express;

beforeAll(() => {
  sessions = sessionsFor(env.backend.publicUrl, env.backend.adminUrl);
  app = createNotesApp(sessions);
});

afterAll(() => {
  sessions.close();
});

beforeEach(() => {
  env.backend.resetCalls();
});

const whoamiCalls = () => env.backend.calls().filter((call) => call.path === '/sessions/whoami').length;

describe('loading the session', () => {
  it('puts the session of a session token on the request, with one Ory call for middleware and guard', async () => {
    const { token, identityId } = await signUp(env.facade, newUser('Notes'));
    env.backend.resetCalls();
    const res = await request(app).get('/notes').set('X-Session-Token', token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ owner: identityId, notes: [] });
    expect(whoamiCalls()).toBe(1);
  });

  it("reads a browser's Ory session cookie", async () => {
    const jar = new CookieJar();
    const identityId = await browserSignUp(env.facade, newUser('NotesCookie'), jar);
    const res = await request(app).get('/notes').set('Cookie', jar.header());
    expect(res.status).toBe(200);
    expect(res.body.owner).toBe(identityId);
  });

  it('lets signed-out callers through the middleware alone, with orySession null and no Ory call', async () => {
    const res = await request(app).get('/');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ signedIn: false });
    expect(env.backend.calls()).toEqual([]);
  });
});

describe('requireSession', () => {
  it('answers API calls without a session with 401 UNAUTHENTICATED', async () => {
    const res = await request(app).get('/notes').set('Accept', 'application/json');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'You must be signed in to do this.' },
    });
  });

  it("sends a browser's page load to Ory's sign-in, returning to the page", async () => {
    const res = await request(app).get('/notes?page=2').set('Accept', 'text/html,application/xhtml+xml');
    expect(res.status).toBe(303);
    const location = new URL(res.headers.location ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(
      `${env.backend.publicUrl}/self-service/login/browser`,
    );
    expect(location.searchParams.get('return_to')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/notes\?page=2$/);
    expect(location.searchParams.has('aal')).toBe(false);
  });

  it('never sends a malformed token to Ory: 401 without any Ory call', async () => {
    const res = await request(app).get('/notes').set('X-Session-Token', 'not a token');
    expect(res.status).toBe(401);
    expect(env.backend.calls()).toEqual([]);
  });
});

describe('requireAal2', () => {
  it('refuses an aal1 session with 403 AAL2_REQUIRED or a redirect asking for aal2, then lets the stepped-up session through', async () => {
    const user = newUser('Transfers');
    const { token: first } = await signUp(env.facade, user);
    // No second factor yet: a valid aal1 session, still not enough here.
    const weak = await request(app).post('/transfers').set('X-Session-Token', first);
    expect(weak.status).toBe(403);
    expect(weak.body.error.code).toBe('AAL2_REQUIRED');

    const totp = await enrolTotp(env.facade, first);
    const aal1 = await passwordSignIn(env.facade, user);
    // Ory itself now refuses the aal1 session of an identity with a second factor (session_aal2_required).
    const page = await request(app).get('/transfers').set('X-Session-Token', aal1).set('Accept', 'text/html');
    expect(page.status).toBe(303);
    expect(new URL(page.headers.location ?? '').searchParams.get('aal')).toBe('aal2');
    const signedIn = await request(app).get('/').set('X-Session-Token', aal1);
    expect(signedIn.body).toEqual({ signedIn: false });
    const refused = await request(app).post('/transfers').set('X-Session-Token', aal1);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('AAL2_REQUIRED');

    const done = await stepUp(env.facade, aal1, { totp: { code: totp.generate() } });
    const strong = done.data?.updateLoginFlow.sessionToken ?? aal1;
    const allowed = await request(app).post('/transfers').set('X-Session-Token', strong);
    expect(allowed.status).toBe(201);
  });
});

describe('Ory unavailable', () => {
  let dead: DeadUpstream;
  let down: ReturnType<typeof sessionsFor>;

  beforeAll(async () => {
    dead = await startDeadUpstream();
    down = sessionsFor(dead.url, dead.url);
  });

  afterAll(async () => {
    down.close();
    await dead.close();
  });

  it('answers 503 UPSTREAM_UNAVAILABLE, never "signed out", from the middleware and the guards', async () => {
    const downApp = createNotesApp(down);
    for (const path of ['/', '/notes']) {
      const res = await request(downApp)
        .get(path)
        .set('X-Session-Token', 'ory_st_0123456789abcdef0123456789abcdef');
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(JSON.stringify(res.body)).not.toContain('127.0.0.1');
    }
  });
});
