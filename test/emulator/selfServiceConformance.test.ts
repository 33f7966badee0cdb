/**
 * Conformance of the self-service slice with Kratos v26.2.0 artefacts: recovery, verification and
 * settings node lists from Kratos' snapshots (`test/contract/kratos/`), courier error bodies, and
 * the new response shapes against the OpenAPI component schemas.
 */
import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { Browser, csrfOf, JSON_HEADERS, latestCode } from './browser';
import { register, uniqueEmail, USER_AGENT, type FlowJson } from './helpers';
import { openApiValidator, readKratosJson, snapshotNodes, withoutValues } from './kratosContract';

const RECOVERY =
  'selfservice_strategy_code__TestRecovery_WithContinueWith-description=should_set_all_the_correct_recovery_payloads';
const VERIFICATION =
  'selfservice_strategy_code__TestVerification-description=should_set_all_the_correct_verification_payloads';

/**
 * Reconstruction of the settings test schema (`selfservice/flow/settings/stub/identity.schema.json`)
 * from its snapshot: untitled, optional traits, `name` with `format: email`.
 */
const SETTINGS_STUB_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: { type: 'string', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } },
        name: { type: 'string', format: 'email' },
        stringy: { type: 'string' },
        numby: { type: 'number' },
        booly: { type: 'boolean' },
        should_big_number: { type: 'number' },
        should_long_string: { type: 'string' },
      },
    },
  },
};

/** Snapshots drop CSRF values; the address echoed in "Resend code" is the test's own. */
function comparable(nodes: FlowJson['ui']['nodes']): FlowJson['ui']['nodes'] {
  return withoutValues(nodes).map((node) =>
    node.attributes.name === 'email' && node.attributes.type === 'submit'
      ? { ...node, attributes: { ...node.attributes, value: 'test@ory.sh' } }
      : node,
  );
}

describe('emulator conformance: recovery, verification and settings nodes vs Kratos snapshots', () => {
  let emulator: Emulator;
  let stub: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
    stub = await startEmulator({ identitySchemas: [{ id: 'default', schema: SETTINGS_STUB_SCHEMA }] });
  });

  afterAll(async () => {
    await Promise.all([emulator.close(), stub.close()]);
  });

  it.each(['api', 'browser'])('recovery nodes before and after submission match (%s)', async (type) => {
    const email = uniqueEmail('snap');
    await register(emulator, email);
    const browser = new Browser(emulator);
    const created = await browser.get(`/self-service/recovery/${type}`);
    const flow: FlowJson = created.body;
    expect(comparable(flow.ui.nodes)).toEqual(snapshotNodes(`${RECOVERY}-type=${type}.json`));
    const post =
      type === 'api'
        ? request(emulator.publicUrl)
            .post(`/self-service/recovery?flow=${flow.id}`)
            .send({ method: 'code', email })
        : browser.post(`/self-service/recovery?flow=${flow.id}`, {
            method: 'code',
            email,
            csrf_token: csrfOf(flow),
          });
    const sent = await post;
    expect(comparable(sent.body.ui.nodes)).toEqual(
      snapshotNodes(`${RECOVERY}_after_submission-type=${type}.json`),
    );
  });

  it('verification nodes before and after submission match (browser flow)', async () => {
    const email = uniqueEmail('snap-verify');
    await register(emulator, email);
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('verification');
    expect(comparable(flow.ui.nodes)).toEqual(snapshotNodes(`${VERIFICATION}.json`));
    const sent = await browser.post(`/self-service/verification?flow=${flow.id}`, {
      method: 'code',
      email,
      csrf_token: csrfOf(flow),
    });
    expect(comparable(sent.body.ui.nodes)).toEqual(snapshotNodes(`${VERIFICATION}_after_submission.json`));
  });

  it.each([
    [
      'api',
      'selfservice_flow_settings__TestHandler-endpoint=init-description=init_a_flow_as_API-description=success.json',
    ],
    [
      'browser',
      'selfservice_flow_settings__TestHandler-case=multi-schema_endpoint=init-description=init_a_flow_as_browser-description=success.json',
    ],
  ])('settings nodes match TestHandler init (%s)', async (type, file) => {
    const email = uniqueEmail('stub');
    const flow = await request(stub.publicUrl).get('/self-service/registration/api');
    const registered = await request(stub.publicUrl)
      .post(`/self-service/registration?flow=${String(flow.body.id)}`)
      .send({ method: 'password', password: 'Correct-Horse-Battery-42', traits: { email } });
    expect(registered.status).toBe(200);
    const token: string = registered.body.session_token;
    let settings: FlowJson;
    if (type === 'api') {
      settings = (
        await request(stub.publicUrl).get('/self-service/settings/api').set('X-Session-Token', token)
      ).body;
    } else {
      settings = (
        await request(stub.publicUrl)
          .get('/self-service/settings/browser')
          .set({ ...JSON_HEADERS, 'X-Session-Token': token })
      ).body;
    }
    // The snapshot's identity has no trait values; ours has an email.
    expect(withoutValues(settings.ui.nodes, ['csrf_token', 'traits.email'])).toEqual(snapshotNodes(file));
  });

  it('courier error bodies match getCourierMessage snapshots', async () => {
    const missing = await request(emulator.adminUrl).get(
      '/admin/courier/messages/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.body).toEqual(
      readKratosJson(
        'courier__TestHandler-handler=getCourierMessage-case=returns_an_error_if_no_message_is_found-endpoint=admin.json',
      ),
    );
    const malformed = await request(emulator.adminUrl).get('/admin/courier/messages/not-a-uuid');
    expect(malformed.body).toEqual(
      readKratosJson(
        'courier__TestHandler-handler=getCourierMessage-case=returns_an_error_if_parameter_is_malformed-endpoint=admin.json',
      ),
    );
  });
});

describe('emulator conformance: self-service responses vs the Kratos OpenAPI component schemas', () => {
  let emulator: Emulator;
  let expectValid: (component: string, body: unknown) => void;

  beforeAll(async () => {
    emulator = await startEmulator({ seedDemoUser: true });
    expectValid = openApiValidator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('recovery flows, courier messages and the native recovery success validate', async () => {
    const email = uniqueEmail('openapi-recovery');
    await register(emulator, email);
    const flow = await request(emulator.publicUrl).get('/self-service/recovery/api');
    expectValid('recoveryFlow', flow.body);
    const sent = await request(emulator.publicUrl)
      .post(`/self-service/recovery?flow=${String(flow.body.id)}`)
      .send({ method: 'code', email });
    expectValid('recoveryFlow', sent.body);
    const messages = await request(emulator.adminUrl).get('/admin/courier/messages');
    for (const message of messages.body) expectValid('message', message);
    const code = await latestCode(emulator, email);
    const done = await request(emulator.publicUrl)
      .post(`/self-service/recovery?flow=${String(flow.body.id)}`)
      .send({ method: 'code', code });
    expectValid('recoveryFlow', done.body);
    for (const item of done.body.continue_with) expectValid('continueWith', item);
  });

  it('verification flows (sent and passed) and the replaced error validate', async () => {
    const email = uniqueEmail('openapi-verify');
    await register(emulator, email);
    const flow = await request(emulator.publicUrl).get('/self-service/verification/api');
    expectValid('verificationFlow', flow.body);
    const path = `/self-service/verification?flow=${String(flow.body.id)}`;
    const sent = await request(emulator.publicUrl)
      .post(path)
      .set(JSON_HEADERS)
      .send({ method: 'code', email });
    expectValid('verificationFlow', sent.body);
    const code = await latestCode(emulator, email);
    const done = await request(emulator.publicUrl)
      .post(path)
      .set(JSON_HEADERS)
      .send({ method: 'code', code });
    expectValid('verificationFlow', done.body);
    const replaced = await request(emulator.publicUrl)
      .post(path)
      .set(JSON_HEADERS)
      .send({ method: 'code', code });
    expectValid('errorFlowReplaced', replaced.body);
  });

  it('settings flows, the refresh-required error and the registration continue_with validate', async () => {
    const email = uniqueEmail('openapi-settings');
    const flow = await request(emulator.publicUrl).get('/self-service/registration/api');
    const registration = await request(emulator.publicUrl)
      .post(`/self-service/registration?flow=${String(flow.body.id)}`)
      .set('User-Agent', USER_AGENT)
      .send({ method: 'password', password: 'Correct-Horse-Battery-42', traits: { email } });
    expectValid('successfulNativeRegistration', registration.body);
    const token: string = registration.body.session_token;
    const settings = await request(emulator.publicUrl)
      .get('/self-service/settings/api')
      .set('X-Session-Token', token);
    expectValid('settingsFlow', settings.body);
    const saved = await request(emulator.publicUrl)
      .post(`/self-service/settings?flow=${String(settings.body.id)}`)
      .set('X-Session-Token', token)
      .send({ method: 'profile', traits: { email, name: { first: 'Open' } } });
    expectValid('settingsFlow', saved.body);
  });

  it('browser login/logout, /sessions and its count validate', async () => {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('login');
    expectValid('loginFlow', flow);
    const login = await browser.post(`/self-service/login?flow=${flow.id}`, {
      method: 'password',
      identifier: 'demo@example.com',
      password: 'ory-graphql-demo',
      csrf_token: csrfOf(flow),
    });
    expectValid('successfulNativeLogin', login.body);
    const logout = await browser.get('/self-service/logout/browser');
    expectValid('logoutFlow', logout.body);
    const sessions = await browser.get('/sessions');
    for (const session of sessions.body) expectValid('session', session);
    expectValid('deleteMySessionsCount', (await browser.delete('/sessions')).body);
  });
});

describe('emulator conformance: POST /admin/recovery/code vs TestAdminStrategy snapshots', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  const snapshot = (name: string): unknown =>
    readKratosJson(`selfservice_strategy_code__TestAdminStrategy-${name}.json`);

  it('creates a flow whose form has only the code and the submit button', async () => {
    const { identityId } = await register(emulator, uniqueEmail('admin-code'));
    const res = await request(emulator.adminUrl)
      .post('/admin/recovery/code')
      .send({ identity_id: identityId });
    expect(res.status).toBe(201);
    const flowId = new URL(String(res.body.recovery_link)).searchParams.get('flow') ?? '';
    const flow = await request(emulator.publicUrl).get(`/self-service/recovery/flows?id=${flowId}`);
    expect(flow.body.ui.nodes).toEqual(
      snapshot('case=form_should_not_contain_email_field_when_creating_recovery_code'),
    );
  });

  it.each([
    ['description=should_fail_on_malformed_expiry_time', { expires_in: 'not-a-valid-value' }],
    ['description=should_fail_on_negative_expiry_time', { expires_in: '-1h' }],
    ['description=should_not_be_able_to_recover_an_account_that_does_not_exist', {}],
  ])('answers %s like Kratos', async (name, extra) => {
    const { identityId } = await register(emulator, uniqueEmail('admin-code-error'));
    const body = name.includes('does_not_exist')
      ? { identity_id: '00000000-0000-4000-8000-000000000000' }
      : { identity_id: identityId, ...extra };
    const res = await request(emulator.adminUrl).post('/admin/recovery/code').send(body);
    expect(res.body).toEqual(snapshot(name));
  });
});
