import request from 'supertest';
import { DEMO_USER, startEmulator, type Emulator } from '../../emulator';
import { Browser, cookieLine, csrfCookieName, csrfOf, JSON_HEADERS, setCookieLines } from './browser';
import { nodeNames, uniqueEmail } from './helpers';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' } as const;
const CSRF_REASON =
  'Please retry the flow and optionally clear your cookies. The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues.';
const SERVER_HINT =
  "We detected a regular browser or server-side call. To debug browser calls check your Browser's Network Tab to see what cookies are included or excluded. If you are calling from a server ensure that the appropriate cookies are being forwarded and that the SDK method is called correctly.";
const NOT_SENT_HINT =
  'The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body (csrf_token) nor in the HTTP Header (X-CSRF-Token).';

function csrfError(details: Record<string, string>): unknown {
  return {
    error: {
      id: 'security_csrf_violation',
      code: 403,
      status: 'Forbidden',
      reason: CSRF_REASON,
      details: { docs: 'https://www.ory.sh/kratos/docs/debug/csrf', ...details },
      message: 'the request was rejected to protect you from Cross-Site-Request-Forgery',
    },
  };
}

describe('emulator: browser flows, CSRF and the session cookie', () => {
  let emulator: Emulator;
  let csrfName: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seedDemoUser: true });
    csrfName = csrfCookieName(emulator);
  });

  afterAll(async () => {
    await emulator.close();
  });

  async function signedIn(): Promise<Browser> {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('login');
    const res = await browser.post(`/self-service/login?flow=${flow.id}`, {
      method: 'password',
      identifier: DEMO_USER.email,
      password: DEMO_USER.password,
      csrf_token: csrfOf(flow),
    });
    expect(res.status).toBe(200);
    return browser;
  }

  it('hands out a browser login flow with the dev-mode CSRF cookie (JSON)', async () => {
    const res = await request(emulator.publicUrl).get('/self-service/login/browser').set(JSON_HEADERS);
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('browser');
    expect(nodeNames(res.body)).toEqual(['csrf_token', 'identifier', 'password', 'method']);
    expect(csrfOf(res.body)).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(res.headers.vary).toBe('Cookie');
    expect(setCookieLines(res)).toHaveLength(1);
    expect(cookieLine(res, csrfName)).toMatch(
      new RegExp(`^${csrfName}=[A-Za-z0-9+/]{43}=; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax$`),
    );
  });

  it('hands out no CSRF cookie on ignored paths (API inits, /sessions, /schemas)', async () => {
    for (const path of ['/self-service/login/api', '/sessions/whoami', '/schemas/default']) {
      const res = await request(emulator.publicUrl).get(path);
      expect(setCookieLines(res)).toEqual([]);
      expect(res.headers.vary).toBe('Cookie');
    }
    const errors = await request(emulator.publicUrl).get('/self-service/errors?id=stub:500');
    expect(cookieLine(errors, csrfName)).toBeDefined();
    // Only `/schemas/*` is ignored: the list hands out a cookie.
    expect(cookieLine(await request(emulator.publicUrl).get('/schemas'), csrfName)).toBeDefined();
  });

  it('answers unsafe methods on paths that are not ignored with the CSRF 403, before routing', async () => {
    for (const path of ['/nope', '/self-service/errors', '/self-service/login/browser']) {
      const res = await request(emulator.publicUrl).post(path).send({});
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        id: 'security_csrf_violation',
        details: { reject_reason: 'The HTTP Cookie Header is empty or not set.' },
      });
      expect(cookieLine(res, csrfName)).toBeDefined();
    }
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('login');
    const withHeader = await browser.post('/nope', {}, { ...JSON_HEADERS, 'X-CSRF-Token': csrfOf(flow) });
    expect(withHeader.status).toBe(404);
    const withField = await browser.post(
      '/nope',
      { csrf_token: csrfOf(flow) },
      { 'Content-Type': 'application/x-www-form-urlencoded' },
    );
    expect(withField.status).toBe(404);
    const ignored = await request(emulator.publicUrl).post('/identities').send({});
    expect(ignored.status).toBe(307);
  });

  it('redirects a non-JSON browser init to the UI with 303', async () => {
    const res = await request(emulator.publicUrl).get('/self-service/registration/browser');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:4455\/registration\?flow=[0-9a-f-]{36}$/);
    expect(cookieLine(res, csrfName)).toBeDefined();
  });

  it('serves GET flows of a browser flow only with the matching CSRF cookie', async () => {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('login');
    expect((await browser.get(`/self-service/login/flows?id=${flow.id}`)).status).toBe(200);
    const anonymous = await request(emulator.publicUrl)
      .get(`/self-service/login/flows?id=${flow.id}`)
      .set(JSON_HEADERS);
    expect(anonymous.status).toBe(403);
    expect(anonymous.body).toEqual(
      csrfError({ hint: SERVER_HINT, reject_reason: 'The HTTP Cookie Header is empty or not set.' }),
    );
  });

  it('logs in with two separate Set-Cookie headers and rotates the CSRF cookie', async () => {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('login');
    const before = browser.jar.get(csrfName);
    const res = await browser.post(`/self-service/login?flow=${flow.id}`, {
      method: 'password',
      identifier: DEMO_USER.email,
      password: DEMO_USER.password,
      csrf_token: csrfOf(flow),
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['session', 'continue_with']);
    expect(res.body.continue_with).toEqual([
      { action: 'redirect_browser_to', redirect_browser_to: 'http://127.0.0.1:4455/' },
    ]);
    const lines = setCookieLines(res);
    expect(lines).toHaveLength(2);
    expect(cookieLine(res, 'ory_kratos_session')).toMatch(
      /^ory_kratos_session=[A-Za-z0-9_-]+; Path=\/; Expires=[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT; Max-Age=86\d{3}; HttpOnly; SameSite=Lax$/,
    );
    expect(cookieLine(res, csrfName)).toBeDefined();
    expect(browser.jar.get(csrfName)).not.toBe(before);

    const whoami = await browser.get('/sessions/whoami');
    expect(whoami.status).toBe(200);
    expect(whoami.body.identity.traits.email).toBe(DEMO_USER.email);
  });

  it('makes browser flows created before the login fail with 403 after the rotation', async () => {
    const browser = new Browser(emulator);
    const registration = await browser.createFlow('registration');
    const login = await browser.createFlow('login');
    await browser.post(`/self-service/login?flow=${login.id}`, {
      method: 'password',
      identifier: DEMO_USER.email,
      password: DEMO_USER.password,
      csrf_token: csrfOf(login),
    });
    const res = await browser.get(`/self-service/registration/flows?id=${registration.id}`);
    expect(res.status).toBe(403);
    // A GET carries no token, so Kratos' reason is "token not sent" (hint only).
    expect(res.body).toEqual(csrfError({ hint: NOT_SENT_HINT }));
  });

  it.each([
    [
      'no Cookie header',
      {},
      { hint: SERVER_HINT, reject_reason: 'The HTTP Cookie Header is empty or not set.' },
    ],
    [
      'cookies without the CSRF cookie',
      { Cookie: 'other=1' },
      {
        hint: SERVER_HINT,
        reject_reason: 'The HTTP Cookie Header was set but did not include the anti-CSRF cookie.',
      },
    ],
  ])('refuses a browser submit with %s', async (_label, headers: Record<string, string>, details) => {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('login');
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.id}`)
      .set({ ...JSON_HEADERS, ...headers })
      .send({
        method: 'password',
        identifier: 'x@example.com',
        password: 'irrelevant',
        csrf_token: csrfOf(flow),
      });
    expect(res.status).toBe(403);
    expect(res.headers['ory-error-id']).toBe('security_csrf_violation');
    expect(res.body).toEqual(csrfError(details));
  });

  it('refuses a wrong token (mismatch) and a form without a token (not sent)', async () => {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('login');
    const wrong = await browser.post(`/self-service/login?flow=${flow.id}`, {
      method: 'password',
      identifier: 'x@example.com',
      password: 'irrelevant',
      csrf_token: Buffer.alloc(64, 1).toString('base64'),
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual(
      csrfError({
        hint: SERVER_HINT,
        reject_reason:
          'The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.',
      }),
    );
    const missing = await browser.post(
      `/self-service/login?flow=${flow.id}`,
      { method: 'password', identifier: 'x@example.com', password: 'irrelevant' },
      { ...JSON_HEADERS, ...FORM },
    );
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual(csrfError({ hint: NOT_SENT_HINT }));
  });

  it('sends non-JSON browser CSRF failures to the error UI', async () => {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('login');
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.id}`)
      .set(FORM)
      .send({ method: 'password', identifier: 'x@example.com', password: 'irrelevant' });
    expect(res.status).toBe(303);
    const id = new URL(String(res.headers.location)).searchParams.get('id');
    expect(res.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:4455\/error\?id=/);
    const error = await request(emulator.publicUrl).get(`/self-service/errors?id=${id ?? ''}`);
    expect(error.body.error).toMatchObject({ id: 'security_csrf_violation', code: 403 });
  });

  it('completes a form-posted browser login with a 303 to the return URL and both cookies', async () => {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('login', '?return_to=http://127.0.0.1:4455/after');
    const res = await browser.post(
      `/self-service/login?flow=${flow.id}`,
      {
        method: 'password',
        identifier: DEMO_USER.email,
        password: DEMO_USER.password,
        csrf_token: csrfOf(flow),
      },
      FORM,
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('http://127.0.0.1:4455/after');
    expect(cookieLine(res, 'ory_kratos_session')).toBeDefined();
    expect(cookieLine(res, csrfName)).toBeDefined();
  });

  it('answers a browser login init with a session: 400 for JSON, 303 to the return URL otherwise', async () => {
    const browser = await signedIn();
    const json = await browser.get('/self-service/login/browser');
    expect(json.status).toBe(400);
    expect(json.body.error.id).toBe('session_already_available');
    const html = await browser.get('/self-service/login/browser', {});
    expect(html.status).toBe(303);
    expect(html.headers.location).toBe('http://127.0.0.1:4455/');
  });

  it('registers in a browser: session cookie, redirect_browser_to, then the verification UI with url', async () => {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('registration');
    const email = uniqueEmail('browser');
    const res = await browser.post(`/self-service/registration?flow=${flow.id}`, {
      method: 'password',
      password: 'Correct-Horse-Battery-42',
      traits: { email },
      csrf_token: csrfOf(flow),
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['session', 'identity', 'continue_with']);
    const verificationId: string = res.body.continue_with[1].flow.id;
    // Kratos adds the redirect before the post-persist hooks (verification) add theirs.
    expect(res.body.continue_with).toEqual([
      { action: 'redirect_browser_to', redirect_browser_to: 'http://127.0.0.1:4455/' },
      {
        action: 'show_verification_ui',
        flow: {
          id: verificationId,
          verifiable_address: email,
          url: `http://127.0.0.1:4455/verification?flow=${verificationId}`,
        },
      },
    ]);
    expect(setCookieLines(res)).toHaveLength(2);
    // The hook's browser flow works with the rotated CSRF cookie.
    const verification = await browser.get(`/self-service/verification/flows?id=${verificationId}`);
    expect(verification.status).toBe(200);
    expect(verification.body.state).toBe('sent_email');
  });

  it('redirects a non-JSON browser registration error with 302, and a signed-in submit with 302', async () => {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('registration');
    const invalid = await browser.post(
      `/self-service/registration?flow=${flow.id}`,
      { method: 'password', password: 'short', 'traits.email': 'not-an-email', csrf_token: csrfOf(flow) },
      FORM,
    );
    expect(invalid.status).toBe(302);
    expect(invalid.headers.location).toBe(`http://127.0.0.1:4455/registration?flow=${flow.id}`);

    const member = await signedIn();
    const registration = await new Browser(emulator).createFlow('registration');
    const html = await member.post(
      `/self-service/registration?flow=${registration.id}`,
      { method: 'password' },
      FORM,
    );
    expect(html.status).toBe(302);
    const json = await member.post(`/self-service/registration?flow=${registration.id}`, {
      method: 'password',
    });
    expect(json.status).toBe(400);
    expect(json.body.error.id).toBe('session_already_available');
  });

  describe('browser logout', () => {
    it('needs a session for the logout URL (401 JSON, error UI otherwise)', async () => {
      const json = await request(emulator.publicUrl).get('/self-service/logout/browser').set(JSON_HEADERS);
      expect(json.status).toBe(401);
      expect(json.body.error).toEqual({
        id: 'session_inactive',
        code: 401,
        status: 'Unauthorized',
        reason: 'No active session was found in this request.',
        message: 'request does not have a valid authentication session',
      });
      const html = await request(emulator.publicUrl).get('/self-service/logout/browser');
      expect(html.status).toBe(303);
      expect(html.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:4455\/error\?id=/);
    });

    it('logs out with the token: 204, session cookie deleted, CSRF rotated, session revoked', async () => {
      const browser = await signedIn();
      const flow = await browser.get('/self-service/logout/browser', {});
      expect(flow.status).toBe(200);
      const token: string = flow.body.logout_token;
      expect(token).toMatch(/^ory_lo_[A-Za-z0-9]{32}$/);
      expect(flow.body).toEqual({
        logout_url: `${emulator.publicUrl}/self-service/logout?token=${token}`,
        logout_token: token,
      });
      const stale = browser.jar.clone();
      const res = await browser.get(`/self-service/logout?token=${token}`);
      expect(res.status).toBe(204);
      expect(cookieLine(res, 'ory_kratos_session')).toBe(
        'ory_kratos_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; HttpOnly; SameSite=Lax',
      );
      expect(cookieLine(res, csrfName)).toBeDefined();
      expect(browser.jar.get('ory_kratos_session')).toBeUndefined();
      const whoami = await request(emulator.publicUrl).get('/sessions/whoami').set('Cookie', stale.header());
      expect(whoami.status).toBe(401);
    });

    it('rejects a missing or foreign token and redirects browsers to the logout return URL', async () => {
      const browser = await signedIn();
      const missing = await browser.get('/self-service/logout');
      expect(missing.status).toBe(400);
      expect(missing.body.error.reason).toBe('Please include a token in the URL query.');
      const wrong = await browser.get('/self-service/logout?token=ory_lo_notmytokennotmytokennotmytoken');
      expect(wrong.status).toBe(403);
      expect(wrong.body.error.reason).toBe(
        'Unable to log out because the logout token in the URL query does not match the session cookie.',
      );
      const { body } = await browser.get('/self-service/logout/browser');
      const html = await browser.get(`/self-service/logout?token=${String(body.logout_token)}`, {});
      expect(html.status).toBe(303);
      expect(html.headers.location).toBe('http://127.0.0.1:4455/login');
    });
  });
});
