import request from 'supertest';
import { DEMO_USER, startEmulator, type Emulator } from '../../emulator';
import {
  createLoginFlow,
  createRegistrationFlow,
  login,
  nodeByName,
  nodeNames,
  register,
  sleep,
  uniqueEmail,
  USER_AGENT,
  type FlowJson,
} from './helpers';

const INVALID_CREDENTIALS = {
  id: 4000006,
  text: 'The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.',
  type: 'error',
};

describe('emulator: native login with the password method', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ seedDemoUser: true });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('creates an API flow with the §6.3 nodes in Kratos order', async () => {
    const flow = await createLoginFlow(emulator);
    expect(Object.keys(flow)).toEqual([
      'id',
      'organization_id',
      'type',
      'expires_at',
      'issued_at',
      'request_url',
      'ui',
      'created_at',
      'updated_at',
      'refresh',
      'requested_aal',
      'state',
    ]);
    expect(flow).toMatchObject({
      organization_id: null,
      type: 'api',
      request_url: `${emulator.publicUrl}/self-service/login/api`,
      refresh: false,
      requested_aal: 'aal1',
      state: 'choose_method',
    });
    expect(Date.parse(String(flow.expires_at)) - Date.parse(String(flow.issued_at))).toBe(60 * 60 * 1000);
    expect(nodeNames(flow)).toEqual(['csrf_token', 'identifier', 'password', 'method']);
    expect(nodeByName(flow, 'identifier')).toEqual({
      type: 'input',
      group: 'default',
      attributes: {
        name: 'identifier',
        type: 'text',
        value: '',
        required: true,
        disabled: false,
        node_type: 'input',
      },
      messages: [],
      meta: {
        label: {
          id: 1070002,
          text: 'E-Mail',
          type: 'info',
          context: { name: 'traits.email', title: 'E-Mail' },
        },
      },
    });
    expect(nodeByName(flow, 'password')?.attributes).toEqual({
      name: 'password',
      type: 'password',
      required: true,
      autocomplete: 'current-password',
      disabled: false,
      node_type: 'input',
    });
  });

  it('logs the demo user in and returns a session token with continue_with null', async () => {
    const res = await login(emulator, DEMO_USER.email, DEMO_USER.password);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['session_token', 'session', 'continue_with']);
    expect(res.body.continue_with).toBeNull();
    expect(res.body.session_token).toMatch(/^ory_st_[A-Za-z0-9]{32}$/);
    expect(Object.keys(res.body.session)).toEqual([
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
    expect(res.body.session.identity.traits).toEqual({
      email: DEMO_USER.email,
      name: { first: 'Demo', last: 'User' },
    });
    expect(res.body.session.devices).toEqual([
      {
        id: expect.any(String),
        ip_address: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
        user_agent: USER_AGENT,
        location: '',
      },
    ]);
    expect(JSON.stringify(res.body.session)).not.toContain(res.body.session_token);
  });

  it('records the client IP like httpx.ClientIP (headers first, right-most public X-Forwarded-For)', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'X-Forwarded-For': '1.2.3.4, 5.6.7.8, 10.0.0.1' }, '5.6.7.8'],
      [{ 'X-Forwarded-For': '10.0.0.1, 127.0.0.1' }, '127.0.0.1'],
      [{ 'X-Forwarded-For': '10.0.0.1, 192.168.1.1' }, ''],
      [{ 'Cf-Connecting-Ip': '9.9.9.9', 'X-Real-Ip': '8.8.8.8' }, '9.9.9.9'],
      [{ 'True-Client-Ip': '7.7.7.7', 'Cf-Connecting-Ip': '9.9.9.9' }, '7.7.7.7'],
      [{ 'X-Real-Ip': '8.8.8.8', 'X-Forwarded-For': '1.1.1.1' }, '8.8.8.8'],
    ];
    for (const [headers, ip] of cases) {
      const flow = await createLoginFlow(emulator);
      const res = await request(emulator.publicUrl)
        .post(`/self-service/login?flow=${flow.id}`)
        .set(headers)
        .send({ method: 'password', identifier: DEMO_USER.email, password: DEMO_USER.password });
      expect(res.body.session.devices[0].ip_address).toBe(ip);
    }
  });

  it('matches identifiers case-insensitively', async () => {
    const res = await login(emulator, DEMO_USER.email.toUpperCase(), DEMO_USER.password);
    expect(res.status).toBe(200);
  });

  it('answers a wrong password with the flow, 4000006 and the identifier echoed', async () => {
    const flow = await createLoginFlow(emulator);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.id}`)
      .send({ method: 'password', identifier: DEMO_USER.email, password: 'not-the-password' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body.id).toBe(flow.id);
    expect(res.body.ui.messages).toEqual([INVALID_CREDENTIALS]);
    expect(nodeByName(res.body, 'identifier')?.attributes.value).toBe(DEMO_USER.email);
    expect(nodeByName(res.body, 'password')?.attributes).not.toHaveProperty('value');
    expect(res.text).not.toContain('not-the-password');
  });

  it('answers an unknown identifier exactly like a wrong password', async () => {
    const res = await login(emulator, 'nobody@example.com', 'whatever-password');
    expect(res.status).toBe(400);
    expect(res.body.ui.messages).toEqual([INVALID_CREDENTIALS]);
    expect(nodeByName(res.body, 'identifier')?.attributes.value).toBe('nobody@example.com');
  });

  it('clears old messages on the next failed submit', async () => {
    const flow = await createLoginFlow(emulator);
    const url = `/self-service/login?flow=${flow.id}`;
    await request(emulator.publicUrl)
      .post(url)
      .send({ method: 'password', identifier: 'a@example.com', password: 'x' });
    const res = await request(emulator.publicUrl)
      .post(url)
      .send({ method: 'password', identifier: '', password: 'x' });
    expect(res.body.ui.messages).toBeUndefined();
    // An empty string is no value at all for decoderx: the identifier is missing.
    expect(nodeByName(res.body, 'identifier')?.messages).toEqual([
      {
        id: 4000002,
        text: 'Property identifier is missing.',
        type: 'error',
        context: { property: 'identifier' },
      },
    ]);
  });

  it('reports missing fields on their nodes', async () => {
    const flow = await createLoginFlow(emulator);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.id}`)
      .send({ method: 'password' });
    expect(res.status).toBe(400);
    expect(nodeByName(res.body, 'identifier')?.messages).toEqual([
      {
        id: 4000002,
        text: 'Property identifier is missing.',
        type: 'error',
        context: { property: 'identifier' },
      },
    ]);
    expect(nodeByName(res.body, 'password')?.messages).toEqual([
      {
        id: 4000002,
        text: 'Property password is missing.',
        type: 'error',
        context: { property: 'password' },
      },
    ]);
  });

  it('answers a missing method with 4010002', async () => {
    const flow = await createLoginFlow(emulator);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.id}`)
      .send({ identifier: DEMO_USER.email, password: DEMO_USER.password });
    expect(res.status).toBe(400);
    expect(res.body.ui.messages).toEqual([
      {
        id: 4010002,
        text: 'Could not find a strategy to log you in with. Did you fill out the form correctly?',
        type: 'error',
      },
    ]);
  });

  it('accepts urlencoded bodies', async () => {
    const flow = await createLoginFlow(emulator);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.id}`)
      .type('form')
      .send({ method: 'password', identifier: DEMO_USER.email, password: DEMO_USER.password });
    expect(res.status).toBe(200);
    expect(res.body.session.identity.traits.email).toBe(DEMO_USER.email);
  });

  it('turns a malformed body into flow message 4000001', async () => {
    const flow = await createLoginFlow(emulator);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.id}`)
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect(res.status).toBe(400);
    const reason =
      'HTTP POST Request used unknown HTTP Header "Content-Type: text/plain", only [multipart/form-data application/x-www-form-urlencoded application/json] are supported.';
    expect(res.body.ui.messages).toEqual([{ id: 4000001, text: reason, type: 'error', context: { reason } }]);
  });

  it.each([
    ['Origin', 'http://127.0.0.1:4455', 'The HTTP Request Header included the "Origin" key'],
    ['Cookie', 'some_cookie=1', 'The HTTP Request Header included the "Cookie" key'],
  ])('refuses a %s header on an API flow with message 4000001', async (name, value, prefix) => {
    const flow = await createLoginFlow(emulator);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.id}`)
      .set(name, value)
      .send({ method: 'password', identifier: DEMO_USER.email, password: DEMO_USER.password });
    expect(res.status).toBe(400);
    expect(res.body.ui.messages).toHaveLength(1);
    expect(res.body.ui.messages[0].id).toBe(4000001);
    expect(res.body.ui.messages[0].text).toMatch(
      new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    expect(res.body.ui.messages[0].context.reason).toBe(res.body.ui.messages[0].text);
  });

  it('ignores Cloudflare cookies on API flows', async () => {
    const flow = await createLoginFlow(emulator);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.id}`)
      .set('Cookie', '__cf_bm=abc; cf_clearance=def')
      .send({ method: 'password', identifier: DEMO_USER.email, password: DEMO_USER.password });
    expect(res.status).toBe(200);
  });

  it('answers an unknown flow id with the id-less 404 envelope', async () => {
    const res = await request(emulator.publicUrl)
      .post('/self-service/login?flow=00000000-0000-4000-8000-000000000000')
      .send({ method: 'password', identifier: 'a', password: 'b' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['ory-error-id']).toBe('');
    expect(res.text).toBe(
      '{"error":{"code":404,"status":"Not Found","message":"Unable to locate the resource"}}\n',
    );
  });

  it.each(['', '?flow=', '?flow=not-a-uuid'])(
    'rejects a missing or malformed flow parameter (%s)',
    async (query) => {
      const res = await request(emulator.publicUrl)
        .post(`/self-service/login${query}`)
        .send({ method: 'password' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: {
          code: 400,
          status: 'Bad Request',
          reason: 'The flow query parameter is missing or malformed.',
          message: 'The request was malformed or contained invalid parameters',
        },
      });
    },
  );

  it('fetches a flow by id and answers unknown ids with 404', async () => {
    const flow = await createLoginFlow(emulator);
    const found = await request(emulator.publicUrl).get(`/self-service/login/flows?id=${flow.id}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual(flow);
    const missing = await request(emulator.publicUrl).get(
      '/self-service/login/flows?id=00000000-0000-4000-8000-000000000000',
    );
    expect(missing.status).toBe(404);
  });

  it('refuses a new flow for a signed-in caller unless refresh=true', async () => {
    const session = await register(emulator, uniqueEmail('refresh'));
    const refused = await request(emulator.publicUrl)
      .get('/self-service/login/api')
      .set('X-Session-Token', session.token);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual({
      id: 'session_already_available',
      code: 400,
      status: 'Bad Request',
      reason:
        'A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?',
      message: 'you are already logged in',
    });
    const refresh = await request(emulator.publicUrl)
      .get('/self-service/login/api?refresh=true')
      .set('X-Session-Token', session.token);
    expect(refresh.status).toBe(200);
    expect(refresh.body.refresh).toBe(true);
    expect(refresh.body.ui.messages).toEqual([
      { id: 1010003, text: 'Please confirm this action by verifying that it is you.', type: 'info' },
    ]);
    expect(nodeByName(refresh.body, 'identifier')?.attributes).toMatchObject({ type: 'hidden' });
    expect(nodeByName(refresh.body, 'method')?.meta.label).toEqual({
      id: 1010001,
      text: 'Sign in',
      type: 'info',
    });
  });

  it('re-authenticates the same session on a refresh login', async () => {
    const email = uniqueEmail('reauth');
    const session = await register(emulator, email, 'Correct-Horse-Battery-42');
    const flow = await request(emulator.publicUrl)
      .get('/self-service/login/api?refresh=true')
      .set('X-Session-Token', session.token);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.body.id}`)
      .set('X-Session-Token', session.token)
      .send({ method: 'password', identifier: email, password: 'Correct-Horse-Battery-42' });
    expect(res.status).toBe(200);
    expect(res.body.session_token).toBe(session.token);
    expect(res.body.session.authentication_methods).toHaveLength(2);
  });

  it('answers a submit from a signed-in caller with flow message 4000001', async () => {
    const session = await register(emulator, uniqueEmail('already'));
    const flow = await createLoginFlow(emulator);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.id}`)
      .set('X-Session-Token', session.token)
      .send({ method: 'password', identifier: DEMO_USER.email, password: DEMO_USER.password });
    expect(res.status).toBe(400);
    expect(res.body.ui.messages[0]).toMatchObject({
      id: 4000001,
      text: 'A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?',
    });
  });

  it.each([
    [
      'aal0',
      400,
      'Unable to parse AuthenticationMethod Assurance Level (AAL): expected one of [aal1, aal2] but got aal0',
    ],
    ['aal2', 401, 'You can not requested a higher AAL (AAL2/AAL3) without an active session.'],
  ])('validates the requested aal (%s)', async (aal, status, reason) => {
    const res = await request(emulator.publicUrl).get(`/self-service/login/api?aal=${aal}`);
    expect(res.status).toBe(status);
    expect(res.body.error.reason).toBe(reason);
  });

  it('refuses to log in a disabled identity with 401', async () => {
    const email = uniqueEmail('disabled');
    await request(emulator.adminUrl)
      .post('/admin/identities')
      .send({
        traits: { email },
        state: 'inactive',
        credentials: { password: { config: { password: 'Correct-Horse-Battery-42' } } },
      })
      .expect(201);
    const res = await login(emulator, email, 'Correct-Horse-Battery-42');
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({
      code: 401,
      reason: 'This account was disabled.',
      message: 'identity is disabled',
    });
  });
});

describe('emulator: expired login and registration flows', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ flowLifespanMs: 50, seedDemoUser: true });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('answers a submit to an expired login flow with 410 and a replacement flow', async () => {
    const flow = await createLoginFlow(emulator);
    await sleep(80);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.id}`)
      .send({ method: 'password', identifier: DEMO_USER.email, password: DEMO_USER.password });
    expect(res.status).toBe(410);
    expect(res.headers['ory-error-id']).toBe('self_service_flow_expired');
    expect(Object.keys(res.body)).toEqual(['error', 'expired_at', 'since', 'use_flow_id']);
    expect(res.body.error).toMatchObject({
      id: 'self_service_flow_expired',
      code: 410,
      status: 'Gone',
      message: 'self-service flow expired',
    });
    expect(res.body.error.reason).toMatch(
      /^The self-service flow expired \d+\.\d{2} minutes ago, initialize a new one\.$/,
    );
    expect(res.body.expired_at).toBe(flow.expires_at);
    expect(Number.isInteger(res.body.since)).toBe(true);
    expect(res.body.since).toBeGreaterThan(0);
    const replacement = await request(emulator.publicUrl).get(
      `/self-service/login/flows?id=${res.body.use_flow_id}`,
    );
    expect(replacement.status).toBe(200);
    expect(replacement.body.request_url).toBe(flow.request_url);
    expect(replacement.body.ui.messages[0]).toMatchObject({ id: 4010001, type: 'error' });
    expect(replacement.body.ui.messages[0].text).toMatch(
      /^The login flow expired \d+\.\d{2} minutes ago, please try again\.$/,
    );
    expect(replacement.body.ui.messages[0].context).toEqual({
      expired_at: flow.expires_at,
      expired_at_unix: Math.floor(Date.parse(String(flow.expires_at)) / 1000),
    });
  });

  it('answers a fetch of an expired API login flow with 410 and details.api', async () => {
    const flow = await createLoginFlow(emulator);
    await sleep(80);
    const res = await request(emulator.publicUrl).get(`/self-service/login/flows?id=${flow.id}`);
    expect(res.status).toBe(410);
    expect(res.body).toEqual({
      error: {
        id: 'self_service_flow_expired',
        code: 410,
        status: 'Gone',
        reason:
          'The login flow has expired. Call the login flow init API endpoint to initialize a new login flow.',
        details: { api: `${emulator.publicUrl}/self-service/login/api` },
        message:
          'The requested resource is no longer available because it has expired or is otherwise invalid.',
      },
    });
  });

  it('answers fetches of expired API recovery and verification flows with their own 410s', async () => {
    const recovery = (await request(emulator.publicUrl).get('/self-service/recovery/api')).body as FlowJson;
    const verification = (await request(emulator.publicUrl).get('/self-service/verification/api'))
      .body as FlowJson;
    await sleep(80);
    const expiredRecovery = await request(emulator.publicUrl).get(
      `/self-service/recovery/flows?id=${recovery.id}`,
    );
    expect(expiredRecovery.status).toBe(410);
    expect(expiredRecovery.headers['ory-error-id']).toBe('self_service_flow_expired');
    expect(Object.keys(expiredRecovery.body)).toEqual(['error']);
    expect(expiredRecovery.body.error).toMatchObject({
      id: 'self_service_flow_expired',
      details: { api: `${emulator.publicUrl}/self-service/recovery/api` },
      message: 'self-service flow expired',
    });
    expect(expiredRecovery.body.error.reason).toMatch(
      /^The self-service flow expired \d+\.\d{2} minutes ago, initialize a new one\.$/,
    );
    const expiredVerification = await request(emulator.publicUrl).get(
      `/self-service/verification/flows?id=${verification.id}`,
    );
    expect(expiredVerification.status).toBe(410);
    expect(expiredVerification.headers['ory-error-id']).toBe('');
    expect(expiredVerification.body.error).toEqual({
      code: 410,
      status: 'Gone',
      reason:
        'The verification flow has expired. Call the verification flow init API endpoint to initialize a new verification flow.',
      details: { api: `${emulator.publicUrl}/self-service/verification/api` },
      message:
        'The requested resource is no longer available because it has expired or is otherwise invalid.',
    });
  });

  it('replaces an expired registration flow with one carrying 4040001', async () => {
    const flow = await createRegistrationFlow(emulator);
    await sleep(80);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/registration?flow=${flow.id}`)
      .send({ method: 'password', password: 'Correct-Horse-Battery-42', traits: { email: uniqueEmail() } });
    expect(res.status).toBe(410);
    const replacement = await request(emulator.publicUrl).get(
      `/self-service/registration/flows?id=${res.body.use_flow_id}`,
    );
    expect(replacement.body.ui.messages[0]).toMatchObject({ id: 4040001, type: 'error' });
  });
});
