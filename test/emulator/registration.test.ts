import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import {
  createRegistrationFlow,
  nodeByName,
  nodeNames,
  register,
  uniqueEmail,
  USER_AGENT,
  type FlowJson,
} from './helpers';

describe('emulator: native registration with the password method', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  async function submit(
    flowId: string,
    body: unknown,
    contentType = 'application/json',
  ): Promise<request.Response> {
    return request(emulator.publicUrl)
      .post(`/self-service/registration?flow=${flowId}`)
      .set('User-Agent', USER_AGENT)
      .set('Content-Type', contentType)
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  }

  it('creates an API flow with the unified node list', async () => {
    const flow = await createRegistrationFlow(emulator);
    expect(flow.type).toBe('api');
    expect(flow.state).toBe('choose_method');
    expect(flow.organization_id).toBeNull();
    expect(flow).not.toHaveProperty('created_at');
    expect(flow).not.toHaveProperty('refresh');
    expect(flow.ui.action).toBe(`${emulator.publicUrl}/self-service/registration?flow=${flow.id}`);
    expect(flow.ui).not.toHaveProperty('messages');
    expect(nodeNames(flow)).toEqual([
      'csrf_token',
      'traits.email',
      'password',
      'traits.name.first',
      'traits.name.last',
      'method',
    ]);
    expect(nodeByName(flow, 'csrf_token')?.attributes).toEqual({
      name: 'csrf_token',
      type: 'hidden',
      value: '',
      required: true,
      disabled: false,
      node_type: 'input',
    });
    expect(nodeByName(flow, 'traits.email')).toEqual({
      type: 'input',
      group: 'default',
      attributes: {
        name: 'traits.email',
        type: 'email',
        required: true,
        autocomplete: 'email',
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
    expect(nodeByName(flow, 'method')?.meta.label).toEqual({ id: 1040001, text: 'Sign up', type: 'info' });
  });

  it('registers an identity and returns the session token (session hook)', async () => {
    const email = uniqueEmail('Alice');
    const flow = await createRegistrationFlow(emulator);
    const res = await submit(flow.id, {
      method: 'password',
      password: 'Correct-Horse-Battery-42',
      traits: { email },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['session_token', 'session', 'identity', 'continue_with']);
    expect(res.body.session_token).toMatch(/^ory_st_[A-Za-z0-9]{32}$/);
    // The verification hook runs before the session hook (§5.2); API flows get no `url`.
    expect(res.body.continue_with).toEqual([
      {
        action: 'show_verification_ui',
        flow: { id: expect.any(String), verifiable_address: email.toLowerCase() },
      },
      { action: 'set_ory_session_token', ory_session_token: res.body.session_token },
    ]);
    // decoderx sets every object path of the schema that was not sent to `{}`.
    expect(res.body.identity.traits).toEqual({ email, name: {} });
    expect(res.body.identity).not.toHaveProperty('credentials');
    expect(res.body.identity).not.toHaveProperty('metadata_admin');
    expect(res.body.identity.verifiable_addresses[0]).toMatchObject({
      value: email.toLowerCase(),
      verified: false,
      via: 'email',
      status: 'sent',
    });
    expect(res.body.session.identity.id).toBe(res.body.identity.id);
    expect(res.body.session.authentication_methods).toEqual([
      { method: 'password', aal: 'aal1', completed_at: expect.any(String) },
    ]);
  });

  it('rejects a duplicate identifier with flow message 4000007 (case-insensitive)', async () => {
    const email = uniqueEmail('dup');
    await register(emulator, email);
    const flow = await createRegistrationFlow(emulator);
    const res = await submit(flow.id, {
      method: 'password',
      password: 'Another-Horse-Battery-77',
      traits: { email: email.toUpperCase() },
    });
    expect(res.status).toBe(400);
    expect(res.body.id).toBe(flow.id);
    expect(res.body.ui.messages).toEqual([
      {
        id: 4000007,
        text: 'An account with the same identifier (email, phone, username, ...) exists already.',
        type: 'error',
      },
    ]);
  });

  it('puts trait validation messages on their nodes and echoes the traits', async () => {
    const flow = await createRegistrationFlow(emulator);
    const res = await submit(flow.id, {
      method: 'password',
      password: 'Correct-Horse-Battery-42',
      traits: { email: 'ab', name: { first: 42 } },
    });
    expect(res.status).toBe(400);
    const body: FlowJson = res.body;
    const email = nodeByName(body, 'traits.email');
    expect(email?.attributes.value).toBe('ab');
    expect(email?.messages).toEqual(
      expect.arrayContaining([
        {
          id: 4000003,
          text: 'length must be >= 3, but got 2',
          type: 'error',
          context: { actual_length: 2, min_length: 3 },
        },
        { id: 4000040, text: 'Enter a valid email address', type: 'error', context: { value: 'ab' } },
      ]),
    );
    expect(nodeByName(body, 'traits.name.first')?.messages).toEqual([
      {
        id: 4000026,
        text: 'expected string, but got number',
        type: 'error',
        context: { actual_type: 'number', allowed_types: ['string'] },
      },
    ]);
    expect(nodeByName(body, 'password')?.attributes).not.toHaveProperty('value');
  });

  it('reports a missing required trait with 4000002 and its property', async () => {
    const flow = await createRegistrationFlow(emulator);
    const res = await submit(flow.id, {
      method: 'password',
      password: 'Correct-Horse-Battery-42',
      traits: {},
    });
    expect(res.status).toBe(400);
    expect(nodeByName(res.body, 'traits.email')?.messages).toEqual([
      { id: 4000002, text: 'Property email is missing.', type: 'error', context: { property: 'email' } },
    ]);
  });

  it('puts unknown traits (additionalProperties) on a new node', async () => {
    const flow = await createRegistrationFlow(emulator);
    const res = await submit(flow.id, {
      method: 'password',
      password: 'Correct-Horse-Battery-42',
      traits: { email: uniqueEmail(), nickname: 'x' },
    });
    expect(res.status).toBe(400);
    expect(nodeByName(res.body, 'traits')).toEqual({
      type: 'input',
      group: 'default',
      attributes: { name: 'traits', type: 'text', disabled: false, node_type: 'input' },
      messages: [
        {
          id: 4000001,
          text: 'additionalProperties "nickname" not allowed',
          type: 'error',
          context: { reason: 'additionalProperties "nickname" not allowed' },
        },
      ],
      meta: {},
    });
  });

  it.each([
    [
      'too short',
      'Short1!',
      {
        id: 4000032,
        text: 'The password must be at least 8 characters long, but got 7.',
        type: 'error',
        context: { actual_length: 7, min_length: 8 },
      },
    ],
    [
      'too long',
      'x'.repeat(73),
      {
        id: 4000033,
        text: 'The password must be at most 72 characters long, but got 73.',
        type: 'error',
        context: { actual_length: 73, max_length: 72 },
      },
    ],
  ])('rejects a password that is %s', async (_label, password, message) => {
    const flow = await createRegistrationFlow(emulator);
    const res = await submit(flow.id, { method: 'password', password, traits: { email: uniqueEmail() } });
    expect(res.status).toBe(400);
    expect(nodeByName(res.body, 'password')?.messages).toEqual([message]);
  });

  it.each([
    ['hello@example.com', 'hello@example.com12345'],
    ['hello@example.com', 'HELLO@EXAMPLE.COM'],
    ['hello@example.com', 'h3ll0@example'],
  ])(
    'rejects password %s / %s as too similar to the identifier (Kratos validator cases)',
    async (email, password) => {
      const flow = await createRegistrationFlow(emulator);
      const res = await submit(flow.id, { method: 'password', password, traits: { email } });
      expect(res.status).toBe(400);
      expect(nodeByName(res.body, 'password')?.messages).toEqual([
        {
          id: 4000031,
          text: 'The password can not be used because it is too similar to the identifier.',
          type: 'error',
        },
      ]);
    },
  );

  it('reports an empty password like a missing one (4000002): decoderx drops empty strings', async () => {
    const empty = await createRegistrationFlow(emulator);
    const resEmpty = await submit(empty.id, {
      method: 'password',
      password: '',
      traits: { email: uniqueEmail() },
    });
    expect(nodeByName(resEmpty.body, 'password')?.messages).toEqual([
      {
        id: 4000002,
        text: 'Property password is missing.',
        type: 'error',
        context: { property: 'password' },
      },
    ]);
    const missing = await createRegistrationFlow(emulator);
    const resMissing = await submit(missing.id, { method: 'password', traits: { email: uniqueEmail() } });
    expect(nodeByName(resMissing.body, 'password')?.messages).toEqual([
      {
        id: 4000002,
        text: 'Property password is missing.',
        type: 'error',
        context: { property: 'password' },
      },
    ]);
  });

  it('answers a missing or unknown method with 4010003', async () => {
    for (const body of [
      { password: 'x', traits: { email: uniqueEmail() } },
      { method: 'carrier-pigeon', traits: { email: uniqueEmail() } },
    ]) {
      const flow = await createRegistrationFlow(emulator);
      const res = await submit(flow.id, body);
      expect(res.status).toBe(400);
      expect(res.body.ui.messages).toEqual([
        {
          id: 4010003,
          text: 'Could not find a strategy to sign you up with. Did you fill out the form correctly?',
          type: 'error',
        },
      ]);
    }
  });

  it('accepts urlencoded bodies with dotted trait keys', async () => {
    const email = uniqueEmail('form');
    const flow = await createRegistrationFlow(emulator);
    const form = new URLSearchParams({
      method: 'password',
      password: 'Correct-Horse-Battery-42',
      'traits.email': email,
      'traits.name.first': 'Form',
    });
    const res = await submit(flow.id, form.toString(), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect(res.body.identity.traits).toEqual({ email, name: { first: 'Form' } });
  });

  it('refuses a registration submit from a signed-in caller', async () => {
    const session = await register(emulator, uniqueEmail('signed-in'));
    const flow = await createRegistrationFlow(emulator);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/registration?flow=${flow.id}`)
      .set('X-Session-Token', session.token)
      .send({ method: 'password', password: 'Correct-Horse-Battery-42', traits: { email: uniqueEmail() } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      id: 'session_already_available',
      reason: 'A valid session was detected and thus registration is not possible.',
      message: 'you are already logged in',
    });
  });

  it('refuses to create a registration flow for a signed-in caller', async () => {
    const session = await register(emulator, uniqueEmail('signed-in-init'));
    const res = await request(emulator.publicUrl)
      .get('/self-service/registration/api')
      .set('Authorization', `Bearer ${session.token}`);
    expect(res.status).toBe(400);
    expect(res.headers['ory-error-id']).toBe('session_already_available');
  });
});

describe('emulator: registration without the session hook and without verification', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ registrationSessionHook: false, verificationEnabled: false });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('returns only the identity and a null continue_with', async () => {
    const flow = await createRegistrationFlow(emulator);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/registration?flow=${flow.id}`)
      .send({ method: 'password', password: 'Correct-Horse-Battery-42', traits: { email: uniqueEmail() } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['identity', 'continue_with']);
    expect(res.body.continue_with).toBeNull();
  });
});
