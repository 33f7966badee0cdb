/**
 * Conformance with artefacts of Ory Kratos v26.2.0 (see test/contract/kratos/README.md): UI node
 * lists from Kratos' own test snapshots, and response shapes against the OpenAPI component schemas.
 */
import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import {
  createLoginFlow,
  createRegistrationFlow,
  register,
  uniqueEmail,
  type FlowJson,
  type NodeJson,
} from './helpers';
import { openApiValidator, snapshotNodes, withoutValues as normalize } from './kratosContract';

/** Order-insensitive comparison key for hydration snapshots that Kratos sorts only later. */
function byGroupAndName(nodes: NodeJson[]): NodeJson[] {
  return [...nodes].sort((a, b) =>
    `${a.group}/${a.attributes.name}`.localeCompare(`${b.group}/${b.attributes.name}`),
  );
}

/**
 * Reconstruction of `selfservice/strategy/profile/stub/identity.schema.json` from the node list in
 * the OneStep snapshot: an untitled, optional email identifier and five plain traits.
 */
const PROFILE_STUB_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      properties: {
        email: { type: 'string', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } },
        stringy: { type: 'string' },
        numby: { type: 'number' },
        booly: { type: 'boolean' },
        should_big_number: { type: 'number' },
        should_long_string: { type: 'string' },
      },
    },
  },
};

/**
 * `selfservice/flow/registration/fixtures/sort.schema.json`; both traits are marked required
 * because the sort fixture's input nodes (which the snapshot keeps) carry `required: true`.
 */
const SORT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      required: ['username', 'foobar'],
      properties: {
        username: {
          type: 'string',
          'ory.sh/kratos': {
            credentials: { password: { identifier: true } },
            verification: { via: 'email' },
          },
        },
        foobar: { type: 'string' },
      },
    },
  },
};

describe('emulator conformance: UI nodes vs Kratos snapshots', () => {
  let stub: Emulator;
  let sort: Emulator;

  beforeAll(async () => {
    stub = await startEmulator({ identitySchemas: [{ id: 'default', schema: PROFILE_STUB_SCHEMA }] });
    sort = await startEmulator({ identitySchemas: [{ id: 'default', schema: SORT_SCHEMA }] });
  });

  afterAll(async () => {
    await Promise.all([stub.close(), sort.close()]);
  });

  it('login nodes match TestFormHydration/PopulateLoginMethodFirstFactor (schema without identifier title)', async () => {
    const flow = await createLoginFlow(stub);
    const expected = snapshotNodes(
      'selfservice_strategy_password__TestFormHydration-method=PopulateLoginMethodFirstFactor.json',
    );
    expect(byGroupAndName(normalize(flow.ui.nodes))).toEqual(byGroupAndName(expected));
  });

  it('refresh login nodes match TestFormHydration/PopulateLoginMethodFirstFactorRefresh', async () => {
    const email = uniqueEmail('refresh');
    const session = await register(stub, email);
    const res = await request(stub.publicUrl)
      .get('/self-service/login/api?refresh=true')
      .set('X-Session-Token', session.token);
    const flow: FlowJson = res.body;
    const expected = snapshotNodes(
      'selfservice_strategy_password__TestFormHydration-method=PopulateLoginMethodFirstFactorRefresh.json',
    );
    // The snapshot's identity is some@user.com; ours is the registered address.
    expect(normalize(flow.ui.nodes, ['csrf_token', 'identifier'])).toEqual(
      normalize(expected, ['csrf_token', 'identifier']),
    );
    expect(flow.ui.nodes.find((n) => n.attributes.name === 'identifier')?.attributes.value).toBe(
      email.toLowerCase(),
    );
  });

  it('registration nodes match TestOneStepRegistration (style unified), in order', async () => {
    const flow = await createRegistrationFlow(stub);
    const expected = snapshotNodes(
      'selfservice_strategy_profile__TestOneStepRegistration-initial_form_is_populated_with_identity_traits-type=browser-empty_flow.json',
    );
    expect(normalize(flow.ui.nodes)).toEqual(normalize(expected));
  });

  it('registration node order matches TestSortNodes/case=1.json', async () => {
    const flow = await createRegistrationFlow(sort);
    const expected = snapshotNodes('selfservice_flow_registration__TestSortNodes-case=1.json.json');
    expect(normalize(flow.ui.nodes)).toEqual(normalize(expected));
  });
});

describe('emulator conformance: responses vs the Kratos OpenAPI component schemas', () => {
  let emulator: Emulator;
  let expectValid: (component: string, body: unknown) => void;

  beforeAll(async () => {
    emulator = await startEmulator();
    expectValid = openApiValidator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('login and registration flows are loginFlow / registrationFlow', async () => {
    expectValid('loginFlow', await createLoginFlow(emulator));
    expectValid('registrationFlow', await createRegistrationFlow(emulator));
  });

  it('a failed submit is still a loginFlow', async () => {
    const flow = await createLoginFlow(emulator);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.id}`)
      .send({ method: 'password', identifier: 'nobody@example.com', password: 'nope-nope' });
    expect(res.status).toBe(400);
    expectValid('loginFlow', res.body);
  });

  it('success bodies are successfulNativeRegistration / successfulNativeLogin, sessions and identities validate', async () => {
    const email = uniqueEmail('openapi');
    const flow = await createRegistrationFlow(emulator);
    const registration = await request(emulator.publicUrl)
      .post(`/self-service/registration?flow=${flow.id}`)
      .set('User-Agent', 'openapi-check')
      .send({
        method: 'password',
        password: 'Correct-Horse-Battery-42',
        traits: { email, name: { first: 'Open' } },
      });
    expectValid('successfulNativeRegistration', registration.body);

    const loginFlow = await createLoginFlow(emulator);
    const login = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${loginFlow.id}`)
      .set('User-Agent', 'openapi-check')
      .send({ method: 'password', identifier: email, password: 'Correct-Horse-Battery-42' });
    // Known spec/code difference (kratos-behavior.md §12): Kratos always sends `continue_with`,
    // `null` after a native login, while the spec types it as an optional array.
    const { continue_with: continueWith, ...loginRest } = login.body;
    expect(continueWith).toBeNull();
    expectValid('successfulNativeLogin', loginRest);

    const whoami = await request(emulator.publicUrl)
      .get('/sessions/whoami')
      .set('X-Session-Token', login.body.session_token);
    expectValid('session', whoami.body);

    const admin = await request(emulator.adminUrl).get(`/admin/identities/${registration.body.identity.id}`);
    expectValid('identity', admin.body);
    const list = await request(emulator.adminUrl).get('/admin/identities');
    for (const identity of list.body) expectValid('identity', identity);
  });

  it('error envelopes are errorGeneric', async () => {
    const whoami = await request(emulator.publicUrl).get('/sessions/whoami');
    expectValid('errorGeneric', whoami.body);
    const missing = await request(emulator.publicUrl).get(
      '/self-service/login/flows?id=00000000-0000-4000-8000-000000000000',
    );
    expectValid('errorGeneric', missing.body);
  });

  it('schemas, health and version match their components', async () => {
    expectValid('identitySchemas', (await request(emulator.publicUrl).get('/schemas')).body);
    expectValid('healthStatus', (await request(emulator.publicUrl).get('/health/alive')).body);
    expectValid('version', (await request(emulator.adminUrl).get('/version')).body);
  });
});
