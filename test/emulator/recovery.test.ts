import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { Browser, cookieLine, csrfCookieName, csrfOf, latestCode, setCookieLines } from './browser';
import { nodeByName, nodeNames, register, uniqueEmail, type FlowJson } from './helpers';

const MINUTE = 60_000;
const SENT = {
  id: 1060003,
  text: 'An email containing a recovery code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.',
  type: 'info',
};

describe('emulator: recovery with the code method', () => {
  let emulator: Emulator;
  let clockOffsetMs = 0;

  beforeAll(async () => {
    emulator = await startEmulator({ now: () => new Date(Date.now() + clockOffsetMs) });
  });

  afterEach(() => {
    clockOffsetMs = 0;
  });

  afterAll(async () => {
    await emulator.close();
  });

  async function apiFlow(): Promise<FlowJson> {
    const res = await request(emulator.publicUrl).get('/self-service/recovery/api');
    expect(res.status).toBe(200);
    const flow: FlowJson = res.body;
    return flow;
  }

  function submit(flowId: string, body: Record<string, unknown>): request.Test {
    return request(emulator.publicUrl).post(`/self-service/recovery?flow=${flowId}`).send(body);
  }

  async function courierCount(recipient: string): Promise<number> {
    const res = await request(emulator.adminUrl).get('/admin/courier/messages').query({ recipient });
    return Array.isArray(res.body) ? res.body.length : -1;
  }

  it('recovers a native account end to end: code by email, session token, settings flow', async () => {
    const email = uniqueEmail('recover');
    const registered = await register(emulator, email);
    const flow = await apiFlow();
    expect(flow).toMatchObject({ type: 'api', active: 'code', state: 'choose_method' });
    expect(nodeNames(flow)).toEqual(['csrf_token', 'email', 'method']);

    const sent = await submit(flow.id, { method: 'code', email });
    expect(sent.status).toBe(200);
    expect(sent.body.state).toBe('sent_email');
    expect(sent.body.ui.messages).toEqual([SENT]);
    expect(nodeNames(sent.body)).toEqual(['csrf_token', 'code', 'method', 'method', 'email']);
    expect(nodeByName(sent.body, 'email')?.attributes).toMatchObject({ type: 'submit', value: email });

    const messages = await request(emulator.adminUrl)
      .get('/admin/courier/messages')
      .query({ recipient: email });
    expect(messages.body[0]).toMatchObject({
      template_type: 'recovery_code_valid',
      status: 'queued',
      type: 'email',
    });
    const code = await latestCode(emulator, email);
    expect(messages.body[0].subject).toBe(`Use code ${code} to recover access to your account`);

    const wrong = await submit(flow.id, { method: 'code', code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(200);
    expect(wrong.body.ui.messages).toEqual([
      {
        id: 4060006,
        text: 'The recovery code is invalid or has already been used. Please try again.',
        type: 'error',
      },
    ]);

    const done = await submit(flow.id, { method: 'code', code });
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('passed_challenge');
    const token: string = done.body.continue_with[0].ory_session_token;
    const settingsId: string = done.body.continue_with[1].flow.id;
    expect(done.body.continue_with).toEqual([
      { action: 'set_ory_session_token', ory_session_token: token },
      {
        action: 'show_settings_ui',
        flow: { id: settingsId, url: `http://127.0.0.1:4455/settings?flow=${settingsId}` },
      },
    ]);
    const whoami = await request(emulator.publicUrl).get('/sessions/whoami').set('X-Session-Token', token);
    expect(whoami.body.identity.id).toBe(registered.identityId);
    expect(whoami.body.authentication_methods).toEqual([
      { method: 'code_recovery', aal: 'aal1', completed_at: expect.any(String) },
    ]);
    expect(whoami.body.identity.verifiable_addresses[0]).toMatchObject({
      verified: true,
      status: 'completed',
    });
    const settings = await request(emulator.publicUrl)
      .get(`/self-service/settings/flows?id=${settingsId}`)
      .set('X-Session-Token', token);
    expect(settings.status).toBe(200);
    expect(settings.body.ui.messages[0]).toMatchObject({ id: 1060001, type: 'success' });
    expect(settings.body.ui.messages[0].text).toMatch(/within the next 1[45]\.\d\d minutes\.$/);
  });

  it('shows this submit’s transient_payload ({} when none was sent) on 200 answers only', async () => {
    const email = uniqueEmail('recover-tp');
    await register(emulator, email);
    const flow = await apiFlow();
    const sent = await submit(flow.id, { method: 'code', email, transient_payload: { a: 1 } });
    expect(sent.body.transient_payload).toEqual({ a: 1 });
    const wrong = await submit(flow.id, { method: 'code', code: '123456' });
    expect(wrong.status).toBe(200);
    expect(wrong.body.transient_payload).toEqual({});
    const fetched = await request(emulator.publicUrl).get(`/self-service/recovery/flows?id=${flow.id}`);
    expect(fetched.body).not.toHaveProperty('transient_payload');
    const invalid = await submit((await apiFlow()).id, { method: 'code' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).not.toHaveProperty('transient_payload');
  });

  it('drops the connection when a passed flow is asked for another email (Kratos panics)', async () => {
    const email = uniqueEmail('recover-panic');
    await register(emulator, email);
    const flow = await apiFlow();
    await submit(flow.id, { method: 'code', email });
    const done = await submit(flow.id, { method: 'code', code: await latestCode(emulator, email) });
    expect(done.body.state).toBe('passed_challenge');
    await expect(submit(flow.id, { method: 'code', email })).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('answers an unknown address exactly like a known one, without sending anything', async () => {
    const email = uniqueEmail('nobody');
    const flow = await apiFlow();
    const res = await submit(flow.id, { method: 'code', email });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('sent_email');
    expect(res.body.ui.messages).toEqual([SENT]);
    expect(await courierCount(email)).toBe(0);
  });

  it('validates the address (required 4000002, format 4000040)', async () => {
    const flow = await apiFlow();
    const missing = await submit(flow.id, { method: 'code' });
    expect(missing.status).toBe(400);
    expect(nodeByName(missing.body, 'email')?.messages).toEqual([
      { id: 4000002, text: 'Property email is missing.', type: 'error', context: { property: 'email' } },
    ]);
    const invalid = await submit(flow.id, { method: 'code', email: 'nope' });
    expect(invalid.status).toBe(400);
    expect(nodeByName(invalid.body, 'email')?.messages[0]).toMatchObject({ id: 4000040 });
  });

  it('refuses a used code with a new flow (4000001 + show_recovery_ui)', async () => {
    const email = uniqueEmail('reuse');
    await register(emulator, email);
    const flow = await apiFlow();
    await submit(flow.id, { method: 'code', email });
    const code = await latestCode(emulator, email);
    expect((await submit(flow.id, { method: 'code', code })).status).toBe(200);
    const again = await submit(flow.id, { method: 'code', code });
    expect(again.status).toBe(400);
    const newId: string = again.body.error.details.continue_with[0].flow.id;
    expect(again.body).toEqual({
      error: {
        code: 400,
        status: 'Bad Request',
        reason: 'The code was already used. Please request another code.',
        details: { continue_with: [{ action: 'show_recovery_ui', flow: { id: newId } }] },
        message: 'The request was malformed or contained invalid parameters',
      },
    });
    const replacement = await request(emulator.publicUrl).get(`/self-service/recovery/flows?id=${newId}`);
    expect(replacement.body.ui.messages).toEqual([
      {
        id: 4000001,
        text: 'The code was already used. Please request another code.',
        type: 'error',
        context: { reason: 'The code was already used. Please request another code.' },
      },
    ]);
  });

  it('allows five attempts per flow; the sixth starts a new flow', async () => {
    const email = uniqueEmail('brute');
    await register(emulator, email);
    const flow = await apiFlow();
    await submit(flow.id, { method: 'code', email });
    const code = await latestCode(emulator, email);
    const wrongCode = code === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) {
      expect((await submit(flow.id, { method: 'code', code: wrongCode })).status).toBe(200);
    }
    const sixth = await submit(flow.id, { method: 'code', code });
    expect(sixth.status).toBe(400);
    expect(sixth.body.error.reason).toBe('The request was submitted too often. Please request another code.');
  });

  it('replaces an expired flow on submit with 410 + use_flow_id', async () => {
    const flow = await apiFlow();
    clockOffsetMs = 61 * MINUTE;
    const res = await submit(flow.id, { method: 'code', email: uniqueEmail('late') });
    expect(res.status).toBe(410);
    expect(res.body.error.id).toBe('self_service_flow_expired');
    expect(res.body.error.details).toEqual({
      continue_with: [{ action: 'show_recovery_ui', flow: { id: res.body.use_flow_id } }],
    });
    expect(res.body).toMatchObject({ expired_at: flow.expires_at, use_flow_id: expect.any(String) });
  });

  it('refuses to start with a session (400 session_already_available)', async () => {
    const session = await register(emulator, uniqueEmail('signed-in'));
    const res = await request(emulator.publicUrl)
      .get('/self-service/recovery/api')
      .set('X-Session-Token', session.token);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      id: 'session_already_available',
      code: 400,
      status: 'Bad Request',
      reason: 'A valid session was detected and thus recovery is not possible.',
      message: 'The request was malformed or contained invalid parameters',
    });
  });

  it('recovers in a browser: session cookie, rotated CSRF, show_settings_ui only', async () => {
    const email = uniqueEmail('browser-recover');
    await register(emulator, email);
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('recovery');
    expect(nodeNames(flow)).toEqual(['csrf_token', 'email', 'method']);
    const sent = await browser.post(`/self-service/recovery?flow=${flow.id}`, {
      method: 'code',
      email,
      csrf_token: csrfOf(flow),
    });
    expect(sent.status).toBe(200);
    const code = await latestCode(emulator, email);
    const csrfBefore = browser.jar.get(csrfCookieName(emulator));
    const done = await browser.post(`/self-service/recovery?flow=${flow.id}`, {
      method: 'code',
      code,
      csrf_token: csrfOf(sent.body),
    });
    expect(done.status).toBe(200);
    expect(done.body.continue_with).toEqual([
      {
        action: 'show_settings_ui',
        flow: { id: expect.any(String), url: expect.stringContaining('/settings?flow=') },
      },
    ]);
    expect(setCookieLines(done)).toHaveLength(2);
    expect(cookieLine(done, 'ory_kratos_session')).toBeDefined();
    expect(browser.jar.get(csrfCookieName(emulator))).not.toBe(csrfBefore);
    const whoami = await browser.get('/sessions/whoami');
    expect(whoami.body.authentication_methods[0].method).toBe('code_recovery');
    const settings = await browser.get(
      `/self-service/settings/flows?id=${String(done.body.continue_with[0].flow.id)}`,
    );
    expect(settings.status).toBe(200);
    expect(settings.body.type).toBe('browser');
  });

  it('sends a form-posting browser to the settings UI with 303 on success', async () => {
    const email = uniqueEmail('browser-form');
    await register(emulator, email);
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('recovery');
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const sent = await browser.post(
      `/self-service/recovery?flow=${flow.id}`,
      { method: 'code', email, csrf_token: csrfOf(flow) },
      form,
    );
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`http://127.0.0.1:4455/recovery?flow=${flow.id}`);
    const code = await latestCode(emulator, email);
    const done = await browser.post(
      `/self-service/recovery?flow=${flow.id}`,
      { method: 'code', code, csrf_token: csrfOf(flow) },
      form,
    );
    expect(done.status).toBe(303);
    expect(done.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:4455\/settings\?flow=/);
  });
});

describe('emulator: recovery codes created by an admin', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('returns 201 with link, code and expiry; the code recovers the account without CSRF', async () => {
    const { identityId } = await register(emulator, uniqueEmail('admin-recovery'));
    const res = await request(emulator.adminUrl)
      .post('/admin/recovery/code')
      .send({ identity_id: identityId, expires_in: '5m', flow_type: 'browser' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['recovery_link', 'recovery_code', 'expires_at']);
    expect(res.body.recovery_link).toMatch(/^http:\/\/127\.0\.0\.1:4455\/recovery\?flow=[0-9a-f-]{36}$/);
    expect(res.body.recovery_code).toMatch(/^\d{6}$/);
    const expiresIn = Date.parse(String(res.body.expires_at)) - Date.now();
    expect(expiresIn).toBeGreaterThan(4 * MINUTE);
    expect(expiresIn).toBeLessThanOrEqual(5 * MINUTE);

    const flowId = new URL(String(res.body.recovery_link)).searchParams.get('flow') ?? '';
    const done = await request(emulator.publicUrl)
      .post(`/self-service/recovery?flow=${flowId}`)
      .set('Accept', 'application/json')
      .send({ method: 'code', code: res.body.recovery_code });
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('passed_challenge');
    expect(done.body.continue_with[0].action).toBe('show_settings_ui');
  });

  it('redirects the admin path on the public port with 307 (the /admin form meets the CSRF check)', async () => {
    const res = await request(emulator.publicUrl).post('/recovery/code').send({});
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe(`${emulator.adminUrl}/admin/recovery/code`);
    const prefixed = await request(emulator.publicUrl).post('/admin/recovery/code').send({});
    expect(prefixed.status).toBe(403);
    expect(prefixed.body.error.id).toBe('security_csrf_violation');
  });
});

describe('emulator: recovery disabled', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ recoveryEnabled: false });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('refuses to create recovery flows', async () => {
    const res = await request(emulator.publicUrl).get('/self-service/recovery/api');
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe('Recovery is not allowed because it was disabled.');
  });
});
