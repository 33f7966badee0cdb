import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { Browser, csrfOf, JSON_HEADERS, latestCode } from './browser';
import { nodeByName, nodeNames, register, uniqueEmail, type FlowJson } from './helpers';

describe('emulator: verification with the code method', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  async function apiFlow(): Promise<FlowJson> {
    const res = await request(emulator.publicUrl).get('/self-service/verification/api');
    expect(res.status).toBe(200);
    const flow: FlowJson = res.body;
    return flow;
  }

  function submit(flowId: string, body: Record<string, unknown>): request.Test {
    return request(emulator.publicUrl)
      .post(`/self-service/verification?flow=${flowId}`)
      .set(JSON_HEADERS)
      .send(body);
  }

  async function address(identityId: string): Promise<Record<string, unknown>> {
    const res = await request(emulator.adminUrl).get(`/admin/identities/${identityId}`);
    return res.body.verifiable_addresses[0];
  }

  it('verifies an address end to end: code sent, wrong code, code accepted', async () => {
    const email = uniqueEmail('verify');
    const { identityId } = await register(emulator, email);
    const flow = await apiFlow();
    expect(flow).toMatchObject({ type: 'api', active: 'code', state: 'choose_method' });
    expect(Object.keys(flow)).not.toContain('organization_id');
    expect(nodeNames(flow)).toEqual(['email', 'method']);

    const sent = await submit(flow.id, { method: 'code', email });
    expect(sent.status).toBe(200);
    expect(sent.body.state).toBe('sent_email');
    expect(sent.body.ui.messages).toEqual([expect.objectContaining({ id: 1080003, type: 'info' })]);
    expect(nodeNames(sent.body)).toEqual(['method', 'code', 'method', 'email']);
    expect(await address(identityId)).toMatchObject({ status: 'sent', verified: false });
    const courier = await request(emulator.adminUrl)
      .get('/admin/courier/messages')
      .query({ recipient: email });
    expect(courier.body[0].template_type).toBe('verification_code_valid');
    const code = await latestCode(emulator, email);
    expect(courier.body[0].subject).toBe(`Use code ${code} to verify your account`);
    expect(courier.body[0].body).toBe(
      `Verify your account with the following code:\n\n${code}\n\nor clicking the following link:\n\n` +
        `${emulator.publicUrl}/self-service/verification?code=${code}&flow=${flow.id}\n\n` +
        'If this was not you, do nothing. This code / link expires in 15 minutes.\n',
    );

    const wrong = await submit(flow.id, { method: 'code', code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(200);
    expect(wrong.body.ui.messages).toEqual([
      {
        id: 4070006,
        text: 'The verification code is invalid or has already been used. Please try again.',
        type: 'error',
      },
    ]);

    const done = await submit(flow.id, { code });
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('passed_challenge');
    expect(done.body.ui).toEqual({
      action: 'http://127.0.0.1:4455/',
      method: 'GET',
      nodes: [
        {
          type: 'input',
          group: 'default',
          attributes: {
            name: 'csrf_token',
            type: 'hidden',
            value: '',
            required: true,
            disabled: false,
            node_type: 'input',
          },
          messages: [],
          meta: {},
        },
        {
          type: 'a',
          group: 'code',
          attributes: {
            href: 'http://127.0.0.1:4455/',
            title: { id: 1070009, text: 'Continue', type: 'info' },
            id: 'continue',
            node_type: 'a',
          },
          messages: [],
          meta: { label: { id: 1070009, text: 'Continue', type: 'info' } },
        },
      ],
      messages: [{ id: 1080002, text: 'You successfully verified your email address.', type: 'success' }],
    });
    expect(await address(identityId)).toMatchObject({
      verified: true,
      status: 'completed',
      verified_at: expect.any(String),
    });

    const again = await submit(flow.id, { code });
    expect(again.status).toBe(410);
    expect(again.body.error).toMatchObject({
      id: 'self_service_flow_replaced',
      code: 410,
      message: 'self-service flow replaced',
    });
    const replacement = await request(emulator.publicUrl).get(
      `/self-service/verification/flows?id=${String(again.body.use_flow_id)}`,
    );
    expect(replacement.body.ui.messages[0]).toMatchObject({ id: 4070002 });
  });

  it('keeps earlier messages on errors and adds the token and address nodes after decoding', async () => {
    const flow = await apiFlow();
    const missing = await submit(flow.id, { method: 'code' });
    expect(missing.status).toBe(400);
    expect(nodeNames(missing.body)).toEqual(['email', 'method', 'csrf_token']);
    expect(nodeByName(missing.body, 'csrf_token')?.attributes.value).toBe('');
    const invalid = await submit(flow.id, { method: 'code', email: 'bad' });
    expect(invalid.status).toBe(400);
    // A decoding error leaves the nodes alone; the earlier message stays.
    expect(nodeByName(invalid.body, 'email')?.messages.map((m) => m.id)).toEqual([4000002, 4000040]);
    const unknownMethod = await submit(flow.id, { method: 'nope', email: 'a@example.com' });
    expect(nodeByName(unknownMethod.body, 'method')?.messages).toEqual([
      {
        id: 4000001,
        text: 'value must be one of "code", "link"',
        type: 'error',
        context: { reason: 'value must be one of "code", "link"' },
      },
    ]);
  });

  it('stops taking a flow once a "no strategy" error set its active group to default', async () => {
    const email = uniqueEmail('verify-link');
    await register(emulator, email);
    const flow = await apiFlow();
    const link = await submit(flow.id, { method: 'link', email });
    expect(link.status).toBe(400);
    expect(link.body.active).toBe('default');
    expect(nodeByName(link.body, 'email')?.attributes.value).toBe(email);
    const code = await submit(flow.id, { method: 'code', email });
    expect(code.status).toBe(400);
    expect(code.body.ui.messages.map((m: { id: number }) => m.id)).toEqual([4010006, 4010006]);
  });

  it('shows the transient payload on a wrong-code answer only', async () => {
    const email = uniqueEmail('verify-tp');
    await register(emulator, email);
    const flow = await apiFlow();
    const sent = await submit(flow.id, { method: 'code', email, transient_payload: { a: 1 } });
    expect(sent.body).not.toHaveProperty('transient_payload');
    const wrong = await submit(flow.id, { method: 'code', code: '1' });
    expect(wrong.status).toBe(200);
    expect(wrong.body.transient_payload).toEqual({});
  });

  it('answers with 303 to the verification UI without Accept: application/json, even for API flows', async () => {
    const flow = await apiFlow();
    const res = await request(emulator.publicUrl)
      .post(`/self-service/verification?flow=${flow.id}`)
      .send({ method: 'code', email: uniqueEmail('html') });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`http://127.0.0.1:4455/verification?flow=${flow.id}`);
  });

  it('accepts the code from the registration email on the flow of show_verification_ui', async () => {
    const email = uniqueEmail('hook');
    const flow = await request(emulator.publicUrl).get('/self-service/registration/api');
    const registration = await request(emulator.publicUrl)
      .post(`/self-service/registration?flow=${String(flow.body.id)}`)
      .send({ method: 'password', password: 'Correct-Horse-Battery-42', traits: { email } });
    expect(registration.body.continue_with.map((item: { action: string }) => item.action)).toEqual([
      'show_verification_ui',
      'set_ory_session_token',
    ]);
    const verificationId: string = registration.body.continue_with[0].flow.id;
    const hookFlow = await request(emulator.publicUrl).get(
      `/self-service/verification/flows?id=${verificationId}`,
    );
    expect(hookFlow.body).toMatchObject({ type: 'api', state: 'sent_email' });
    const code = await latestCode(emulator, email);
    const done = await submit(verificationId, { method: 'code', code });
    expect(done.body.state).toBe('passed_challenge');
  });

  it('puts the emailed code into the flow when the link is opened', async () => {
    const email = uniqueEmail('link');
    await register(emulator, email);
    const flow = await apiFlow();
    await submit(flow.id, { method: 'code', email });
    const code = await latestCode(emulator, email);
    const click = await request(emulator.publicUrl).get(
      `/self-service/verification?flow=${flow.id}&code=${code}`,
    );
    expect(click.status).toBe(303);
    expect(click.headers.location).toBe(`http://127.0.0.1:4455/verification?flow=${flow.id}`);
    const after = await request(emulator.publicUrl).get(`/self-service/verification/flows?id=${flow.id}`);
    expect(nodeByName(after.body, 'code')?.attributes.value).toBe(code);
  });

  it('runs in a browser with or without a session; only browser flows carry the csrf node', async () => {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('verification');
    expect(nodeNames(flow)).toEqual(['email', 'method', 'csrf_token']);
    const email = uniqueEmail('browser-verify');
    await register(emulator, email);
    const sent = await browser.post(`/self-service/verification?flow=${flow.id}`, {
      method: 'code',
      email,
      csrf_token: csrfOf(flow),
    });
    expect(sent.status).toBe(200);
    expect(nodeNames(sent.body)).toEqual(['method', 'code', 'method', 'csrf_token', 'email']);
    const session = await register(emulator, uniqueEmail('with-session'));
    const withSession = await request(emulator.publicUrl)
      .get('/self-service/verification/api')
      .set('X-Session-Token', session.token);
    expect(withSession.status).toBe(200);
  });

  it('registration with verification disabled sends nothing and keeps the address pending', async () => {
    const quiet = await startEmulator({ verificationEnabled: false });
    try {
      const { identityId } = await register(quiet, uniqueEmail('quiet'));
      const res = await request(quiet.adminUrl).get(`/admin/identities/${identityId}`);
      expect(res.body.verifiable_addresses[0].status).toBe('pending');
      expect((await request(quiet.adminUrl).get('/admin/courier/messages')).body).toEqual([]);
      expect((await request(quiet.publicUrl).get('/self-service/verification/api')).status).toBe(400);
    } finally {
      await quiet.close();
    }
  });
});
