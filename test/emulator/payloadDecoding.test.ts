/**
 * Self-service bodies as Kratos v26.2.0 decodes them (decoderx with `HTTPDecoderJSONFollowsFormFormat`),
 * and JSON schema errors as ory/jsonschema reports them. Every expectation here was checked against a
 * real Kratos v26.2.0 server.
 */
import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { createRegistrationFlow, nodeByName, register, uniqueEmail, type FlowJson } from './helpers';

const PASSWORD = 'Correct-Horse-Battery-42';

describe('emulator: self-service payload decoding', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  async function registerWith(body: unknown, contentType = 'application/json'): Promise<request.Response> {
    const flow = await createRegistrationFlow(emulator);
    return request(emulator.publicUrl)
      .post(`/self-service/registration?flow=${flow.id}`)
      .set('Content-Type', contentType)
      .set('Accept', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  }

  function messagesOf(flow: FlowJson, name: string): unknown[] {
    return (nodeByName(flow, name)?.messages ?? []).map((m) => [m.id, m.text]);
  }

  it('drops unknown members, stringifies numbers and objects for string fields, fills objects with {}', async () => {
    const email = uniqueEmail('decode');
    const res = await registerWith({ method: 'password', password: PASSWORD, traits: { email }, foo: 1 });
    expect(res.status).toBe(200);
    expect(res.body.identity.traits).toEqual({ email, name: {} });

    const numeric = await registerWith({
      method: 'password',
      password: 12345678901,
      traits: { email: uniqueEmail() },
    });
    expect(numeric.status).toBe(200);
    const tooShort = await registerWith({
      method: 'password',
      password: true,
      traits: { email: uniqueEmail() },
    });
    expect(messagesOf(tooShort.body, 'password')).toEqual([
      [4000032, 'The password must be at least 8 characters long, but got 4.'],
    ]);
    const huge = await registerWith({
      method: 'password',
      password: 1.5e300,
      traits: { email: uniqueEmail() },
    });
    expect(messagesOf(huge.body, 'password')).toEqual([
      [4000033, 'The password must be at most 72 characters long, but got 301.'],
    ]);
  });

  it('accepts flattened keys, JSON text in object fields and trailing garbage after the object', async () => {
    const flattened = await registerWith({
      method: 'password',
      password: PASSWORD,
      'traits.email': uniqueEmail('flat'),
      'traits.name.first': 5,
    });
    expect(flattened.status).toBe(200);
    expect(flattened.body.identity.traits.name).toEqual({ first: '5' });
    const text = await registerWith({
      method: 'password',
      password: PASSWORD,
      traits: JSON.stringify({ email: uniqueEmail('text') }),
      transient_payload: '{"a":1}',
    });
    expect(text.status).toBe(200);
    const trailing = await registerWith(
      `${JSON.stringify({ method: 'password', password: PASSWORD, traits: { email: uniqueEmail() } })} xyz`,
    );
    expect(trailing.status).toBe(200);
  });

  it('treats missing, null, empty and scalar traits as {} (then "Property email is missing.")', async () => {
    for (const traits of [undefined, null, '', 5, true]) {
      const res = await registerWith({ method: 'password', password: PASSWORD, traits });
      expect(res.status).toBe(400);
      expect(messagesOf(res.body, 'traits.email')).toEqual([[4000002, 'Property email is missing.']]);
    }
    const empty = await registerWith({ method: 'password', password: '', traits: { email: uniqueEmail() } });
    expect(messagesOf(empty.body, 'password')).toEqual([[4000002, 'Property password is missing.']]);
  });

  it('answers unreadable object fields with a 500 envelope and status 400 (API flows)', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ traits: 'abc' }, "invalid character 'a' looking for beginning of value"],
      [{ traits: [1] }, "cannot set array element for non-numeric key 'name'"],
      [
        { traits: { email: uniqueEmail() }, transient_payload: 'abc' },
        "invalid character 'a' looking for beginning of value",
      ],
    ];
    for (const [extra, message] of cases) {
      const res = await registerWith({ method: 'password', password: PASSWORD, ...extra });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.body).toEqual({ error: { code: 500, status: 'Internal Server Error', message } });
    }
    const form = await registerWith(
      `method=password&password=${PASSWORD}&traits=abc`,
      'application/x-www-form-urlencoded',
    );
    expect(form.body.ui.messages).toEqual([
      expect.objectContaining({
        id: 4000001,
        text: "Unable to decode JSON payload: invalid character 'a' looking for beginning of value",
      }),
    ]);
  });

  it('reports bodies that are not JSON objects with decoderx texts', async () => {
    const cases: [string, string][] = [
      ['{"method":"password",', 'Unable to decode form as JSON.'],
      ['null', 'Expected JSON sent in request body to be an object but got: Null'],
      ['false', 'Expected JSON sent in request body to be an object but got: False'],
      ['5', 'Expected JSON sent in request body to be an object but got: Number'],
      ['"x"', 'Expected JSON sent in request body to be an object but got: String'],
      ['[1]', 'Expected JSON sent in request body to be an object but got: JSON'],
    ];
    for (const [body, text] of cases) {
      const res = await registerWith(body);
      expect(res.status).toBe(400);
      expect(res.body.ui.messages).toEqual([{ id: 4000001, text, type: 'error', context: { reason: text } }]);
    }
  });

  it('reads no field at all from multipart bodies (Go’s ParseForm leaves them out)', async () => {
    const flow = await createRegistrationFlow(emulator);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/registration?flow=${flow.id}`)
      .set('Accept', 'application/json')
      .field('method', 'password')
      .field('password', PASSWORD)
      .field('traits.email', uniqueEmail('multipart'));
    expect(res.status).toBe(400);
    expect(res.body.ui.messages).toBeUndefined();
    expect(messagesOf(res.body, 'traits.email')).toEqual([[4000002, 'Property email is missing.']]);
  });

  it('validates transient_payload as an object; null is as good as absent', async () => {
    const ok = await registerWith({
      method: 'password',
      password: PASSWORD,
      traits: { email: uniqueEmail() },
      transient_payload: null,
    });
    expect(ok.status).toBe(200);
    const bad = await registerWith({
      method: 'password',
      password: PASSWORD,
      traits: { email: uniqueEmail() },
      transient_payload: 5,
    });
    expect(messagesOf(bad.body, 'transient_payload')).toEqual([[4000026, 'expected object, but got number']]);
  });

  it('validates the traits of bodies without method=password (passkey decoding) before 4010003', async () => {
    const invalid = await registerWith({ traits: { email: 5 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.ui.messages).toBeUndefined();
    expect(messagesOf(invalid.body, 'traits.email')).toEqual([[4000026, 'expected string, but got number']]);
    expect(nodeByName(invalid.body, 'traits.email')?.attributes.value).toBe(5);
    const none = await registerWith({});
    expect(messagesOf(none.body, 'traits.email')).toEqual([[4000002, 'Property email is missing.']]);
    const passkey = await registerWith({ passkey_register: 'x', traits: { email: uniqueEmail() } });
    expect(passkey.status).toBe(404);
    expect(passkey.body.error.reason).toBe(
      'This endpoint was disabled by system administrator. Please check your url or contact the system administrator to enable it.',
    );
  });

  it('orders schema errors like ory/jsonschema: format before minLength', async () => {
    const res = await registerWith({ method: 'password', password: PASSWORD, traits: { email: 'ab' } });
    expect(messagesOf(res.body, 'traits.email')).toEqual([
      [4000040, 'Enter a valid email address'],
      [4000003, 'length must be >= 3, but got 2'],
    ]);
  });

  it('puts the validator error tree into admin reasons (the recovery extension repeats the format error)', async () => {
    const res = await request(emulator.adminUrl)
      .post('/admin/identities')
      .send({ schema_id: 'default', traits: { email: 'ab' } });
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe(
      [
        'I[#/traits/email] S[#/properties/traits/properties/email] validation failed',
        '  I[#/traits/email] S[#/properties/traits/properties/email/format] "ab" is not valid "email"',
        '  I[#/traits/email] S[#/properties/traits/properties/email/minLength] length must be >= 3, but got 2',
        '  I[#/traits/email] S[#/properties/traits/properties/email/format] "ab" is not valid "email"',
      ].join('\n'),
    );
    const missing = await request(emulator.adminUrl).post('/admin/identities').send({ schema_id: 'default' });
    expect(missing.body.error.reason).toBe(
      'I[#/traits] S[#/properties/traits/required] missing properties: "email"',
    );
    const two = await request(emulator.adminUrl)
      .post('/admin/identities')
      .send({ schema_id: 'default', traits: { email: 5, name: 5 } });
    expect(two.body.error.reason).toBe(
      [
        'I[#/traits] S[#/properties/traits] validation failed',
        '  I[#/traits/email] S[#/properties/traits/properties/email/type] expected string, but got number',
        '  I[#/traits/name] S[#/properties/traits/properties/name/type] expected object, but got number',
      ].join('\n'),
    );
  });

  it('echoes profile settings errors like hydrateForm and sorts the nodes like Kratos', async () => {
    const email = uniqueEmail('hydrate');
    const session = await register(emulator, email);
    const flow = await request(emulator.publicUrl)
      .get('/self-service/settings/api')
      .set('X-Session-Token', session.token);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/settings?flow=${flow.body.id}`)
      .set('X-Session-Token', session.token)
      .send({ method: 'profile', traits: { email: 5, zz: 1 } });
    expect(res.status).toBe(400);
    const nodes = (res.body as FlowJson).ui.nodes.map((n) => [n.attributes.name, n.attributes.value ?? null]);
    expect(nodes).toEqual([
      ['csrf_token', ''],
      ['traits', null],
      ['traits.email', 5],
      ['traits.name.first', null],
      ['traits.name.last', null],
      ['traits.zz', 1],
      ['method', 'profile'],
      ['password', null],
      ['method', 'password'],
    ]);
    expect(messagesOf(res.body, 'traits')).toEqual([[4000001, 'additionalProperties "zz" not allowed']]);
    const cleared = await request(emulator.publicUrl)
      .post(`/self-service/settings?flow=${flow.body.id}`)
      .set('X-Session-Token', session.token)
      .send({ method: 'profile', traits: null });
    expect(nodeByName(cleared.body, 'traits.email')?.attributes).not.toHaveProperty('value');
    expect(messagesOf(cleared.body, 'traits.email')).toEqual([[4000002, 'Property email is missing.']]);
  });
});
