import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { Browser, csrfOf, JSON_HEADERS } from './browser';
import { login, nodeByName, nodeNames, register, uniqueEmail, type FlowJson } from './helpers';

const MINUTE = 60_000;

describe('emulator: settings flows (profile and password)', () => {
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

  async function apiSettingsFlow(token: string): Promise<FlowJson> {
    const res = await request(emulator.publicUrl)
      .get('/self-service/settings/api')
      .set('X-Session-Token', token);
    expect(res.status).toBe(200);
    const flow: FlowJson = res.body;
    return flow;
  }

  function submit(flowId: string, token: string, body: Record<string, unknown>): request.Test {
    return request(emulator.publicUrl)
      .post(`/self-service/settings?flow=${flowId}`)
      .set('X-Session-Token', token)
      .send(body);
  }

  it('creates an API settings flow embedding the identity, with the §6.3 nodes', async () => {
    const email = uniqueEmail('settings');
    const session = await register(emulator, email, 'Correct-Horse-Battery-42', { name: { first: 'Ada' } });
    const flow = await apiSettingsFlow(session.token);
    expect(Object.keys(flow)).toEqual([
      'id',
      'type',
      'expires_at',
      'issued_at',
      'request_url',
      'ui',
      'identity',
      'state',
    ]);
    expect(flow).toMatchObject({ type: 'api', state: 'show_form', identity: { id: session.identityId } });
    expect(nodeNames(flow)).toEqual([
      'csrf_token',
      'traits.email',
      'traits.name.first',
      'traits.name.last',
      'method',
      'password',
      'method',
    ]);
    expect(nodeByName(flow, 'traits.email')).toMatchObject({
      group: 'profile',
      attributes: { value: email },
    });
    expect(nodeByName(flow, 'traits.name.first')?.attributes.value).toBe('Ada');
  });

  it('requires a session: 401 session_inactive for API, CredentialsMissing for browser JSON, 303 otherwise', async () => {
    const api = await request(emulator.publicUrl).get('/self-service/settings/api');
    expect(api.status).toBe(401);
    expect(api.body).toEqual({
      error: {
        id: 'session_inactive',
        code: 401,
        status: 'Unauthorized',
        reason: 'This endpoint can only be accessed with a valid session. Please log in and try again.',
        message: 'request does not have a valid authentication session',
      },
    });
    const json = await request(emulator.publicUrl).get('/self-service/settings/browser').set(JSON_HEADERS);
    expect(json.status).toBe(401);
    expect(json.body).toEqual({
      error: {
        id: 'session_inactive',
        code: 401,
        status: 'Unauthorized',
        reason: 'No active session was found in this request.',
        message: 'request does not have a valid authentication session',
      },
      CredentialsMissing: true,
    });
    const html = await request(emulator.publicUrl).get(
      '/self-service/settings/browser?return_to=http://127.0.0.1:4455/x',
    );
    expect(html.status).toBe(303);
    expect(html.headers.location).toBe(
      `${emulator.publicUrl}/self-service/login/browser?return_to=http%3A%2F%2F127.0.0.1%3A4455%2Fx`,
    );
  });

  it('serves GET flows only to the owner (401 without session, 403 for another identity)', async () => {
    const owner = await register(emulator, uniqueEmail('owner'));
    const other = await register(emulator, uniqueEmail('other'));
    const flow = await apiSettingsFlow(owner.token);
    const mine = await request(emulator.publicUrl)
      .get(`/self-service/settings/flows?id=${flow.id}`)
      .set('X-Session-Token', owner.token);
    expect(mine.status).toBe(200);
    const none = await request(emulator.publicUrl)
      .get(`/self-service/settings/flows?id=${flow.id}`)
      .set(JSON_HEADERS);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      error: {
        code: 401,
        status: 'Unauthorized',
        reason: 'A valid Ory Session Cookie or Ory Session Token is missing.',
        message: 'The request could not be authorized',
      },
    });
    const html = await request(emulator.publicUrl).get(`/self-service/settings/flows?id=${flow.id}`);
    expect(html.status).toBe(302);
    expect(html.headers.location).toBe('http://127.0.0.1:4455/login');
    const foreign = await request(emulator.publicUrl)
      .get(`/self-service/settings/flows?id=${flow.id}`)
      .set('X-Session-Token', other.token);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatchObject({
      id: 'security_identity_mismatch',
      reason: 'The request was made for another identity and has been blocked for security reasons.',
    });
    const submitted = await submit(flow.id, other.token, {
      method: 'profile',
      traits: { email: 'x@example.com' },
    });
    expect(submitted.status).toBe(403);
    expect(submitted.body.error.id).toBe('security_identity_mismatch');
  });

  it('updates the profile: 200 success flow with 1050001 and the new traits', async () => {
    const email = uniqueEmail('profile');
    const session = await register(emulator, email);
    const flow = await apiSettingsFlow(session.token);
    const res = await submit(flow.id, session.token, {
      method: 'profile',
      traits: { email, name: { first: 'Grace', last: 'Hopper' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('success');
    expect(res.body.ui.messages).toEqual([
      { id: 1050001, text: 'Your changes have been saved!', type: 'success' },
    ]);
    expect(res.body.identity.traits).toEqual({ email, name: { first: 'Grace', last: 'Hopper' } });
    expect(nodeByName(res.body, 'traits.name.last')?.attributes.value).toBe('Hopper');
    const whoami = await request(emulator.publicUrl)
      .get('/sessions/whoami')
      .set('X-Session-Token', session.token);
    expect(whoami.body.identity.traits.name).toEqual({ first: 'Grace', last: 'Hopper' });
    // Kratos writes the identity back without `state_changed_at`; it is gone from then on.
    expect(res.body).not.toHaveProperty('active');
    expect(res.body.identity).not.toHaveProperty('state_changed_at');
    expect(whoami.body.identity).not.toHaveProperty('state_changed_at');
  });

  it('sends a verification code for a changed address and points at it in continue_with', async () => {
    const session = await register(emulator, uniqueEmail('change'));
    const flow = await apiSettingsFlow(session.token);
    const changed = uniqueEmail('changed');
    const res = await submit(flow.id, session.token, { method: 'profile', traits: { email: changed } });
    expect(res.status).toBe(200);
    expect(res.body.continue_with).toEqual([
      { action: 'show_verification_ui', flow: { id: expect.any(String), verifiable_address: changed } },
    ]);
    expect(res.body.identity.verifiable_addresses).toEqual([
      expect.objectContaining({ value: changed, verified: false, status: 'sent' }),
    ]);
    const courier = await request(emulator.adminUrl)
      .get('/admin/courier/messages')
      .query({ recipient: changed });
    expect(courier.body[0].template_type).toBe('verification_code_valid');
  });

  it('puts schema violations on the trait nodes and echoes what was sent (400)', async () => {
    const session = await register(emulator, uniqueEmail('invalid'));
    const flow = await apiSettingsFlow(session.token);
    const res = await submit(flow.id, session.token, {
      method: 'profile',
      traits: { email: 'not-an-email' },
    });
    expect(res.status).toBe(400);
    const node = nodeByName(res.body, 'traits.email');
    expect(node?.attributes.value).toBe('not-an-email');
    expect(node?.messages).toEqual([
      { id: 4000040, text: 'Enter a valid email address', type: 'error', context: { value: 'not-an-email' } },
    ]);
  });

  it('changes the password and applies the policy (length, similarity)', async () => {
    const email = uniqueEmail('password');
    const session = await register(emulator, email);
    const flow = await apiSettingsFlow(session.token);
    const short = await submit(flow.id, session.token, { method: 'password', password: 'short' });
    expect(short.status).toBe(400);
    expect(nodeByName(short.body, 'password')?.messages[0]).toMatchObject({ id: 4000032 });
    expect(nodeByName(short.body, 'password')?.attributes).not.toHaveProperty('value');
    const similar = await submit(flow.id, session.token, { method: 'password', password: email });
    expect(nodeByName(similar.body, 'password')?.messages[0]).toMatchObject({ id: 4000031 });
    const same = await submit(flow.id, session.token, {
      method: 'password',
      password: 'Correct-Horse-Battery-42',
    });
    expect(same.status).toBe(400);
    expect(same.body.state).toBe('show_form');
    expect(nodeByName(same.body, 'password')?.messages).toEqual([
      { id: 4000039, text: 'The new password must be different from the old password.', type: 'error' },
    ]);
    const ok = await submit(flow.id, session.token, {
      method: 'password',
      password: 'Another-Horse-Battery-43',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.state).toBe('success');
    expect((await login(emulator, email, 'Another-Horse-Battery-43')).status).toBe(200);
    expect((await login(emulator, email, 'Correct-Horse-Battery-42')).status).toBe(400);
  });

  it('asks for re-authentication outside the privileged window (403 session_refresh_required)', async () => {
    const email = uniqueEmail('refresh');
    const session = await register(emulator, email);
    const flow = await apiSettingsFlow(session.token);
    clockOffsetMs = 16 * MINUTE;
    const res = await submit(flow.id, session.token, {
      method: 'password',
      password: 'Another-Horse-Battery-43',
    });
    expect(res.status).toBe(403);
    const returnTo = encodeURIComponent(`${emulator.publicUrl}/self-service/settings?flow=${flow.id}`);
    expect(res.body).toEqual({
      error: {
        id: 'session_refresh_required',
        code: 403,
        status: 'Forbidden',
        reason:
          'The login session is too old and thus not allowed to update these fields. Please re-authenticate.',
        message: 'The requested action was forbidden',
      },
      redirect_browser_to: `${emulator.publicUrl}/self-service/login/browser?refresh=true&return_to=${returnTo}`,
    });
    // Non-protected traits may still change; the login identifier may not.
    const name = await submit(flow.id, session.token, {
      method: 'profile',
      traits: { email, name: { first: 'N' } },
    });
    expect(name.status).toBe(200);
    const flow2 = await apiSettingsFlow(session.token);
    const changed = await submit(flow2.id, session.token, {
      method: 'profile',
      traits: { email: uniqueEmail('new') },
    });
    expect(changed.status).toBe(403);
    expect(changed.body.error.id).toBe('session_refresh_required');
  });

  it('replaces an expired flow on submit (410 with use_flow_id)', async () => {
    const session = await register(emulator, uniqueEmail('expired'));
    const flow = await apiSettingsFlow(session.token);
    clockOffsetMs = 61 * MINUTE;
    const res = await submit(flow.id, session.token, {
      method: 'password',
      password: 'Another-Horse-Battery-43',
    });
    expect(res.status).toBe(410);
    expect(res.body.error.id).toBe('self_service_flow_expired');
    const replacement = await request(emulator.publicUrl)
      .get(`/self-service/settings/flows?id=${String(res.body.use_flow_id)}`)
      .set('X-Session-Token', session.token);
    expect(replacement.status).toBe(200);
    expect(replacement.body.ui.messages[0]).toMatchObject({ id: 4050001 });
  });

  it('works for browsers: CSRF-checked, continue_with redirect_browser_to for JSON, 303 otherwise', async () => {
    const email = uniqueEmail('browser-settings');
    const browser = new Browser(emulator);
    const registration = await browser.createFlow('registration');
    await browser.post(`/self-service/registration?flow=${registration.id}`, {
      method: 'password',
      password: 'Correct-Horse-Battery-42',
      traits: { email },
      csrf_token: csrfOf(registration),
    });
    const flow = await browser.createFlow('settings');
    expect(flow.type).toBe('browser');
    const forged = await browser.post(`/self-service/settings?flow=${flow.id}`, {
      method: 'profile',
      traits: { email },
      csrf_token: 'forged',
    });
    expect(forged.status).toBe(403);
    expect(forged.body.error.id).toBe('security_csrf_violation');
    const res = await browser.post(`/self-service/settings?flow=${flow.id}`, {
      method: 'profile',
      traits: { email, name: { first: 'B' } },
      csrf_token: csrfOf(flow),
    });
    expect(res.status).toBe(200);
    // Without settings.after.default_browser_return_url Kratos returns to the settings UI with the flow.
    expect(res.body.continue_with).toEqual([
      {
        action: 'redirect_browser_to',
        redirect_browser_to: `http://127.0.0.1:4455/settings?flow=${flow.id}`,
      },
    ]);
    const html = await browser.post(
      `/self-service/settings?flow=${flow.id}`,
      { method: 'password', password: 'Another-Horse-Battery-43', csrf_token: csrfOf(flow) },
      { 'Content-Type': 'application/x-www-form-urlencoded' },
    );
    expect(html.status).toBe(303);
    expect(html.headers.location).toBe(`http://127.0.0.1:4455/settings?flow=${flow.id}`);
  });
});
