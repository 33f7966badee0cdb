/**
 * Passwordless sign-in and sign-up with a code sent by email (`code.passwordless_enabled`, the
 * `methods` profile): node lists, states, messages and emails as Kratos v26.2.0 answered them.
 */
import request from 'supertest';
import type { Emulator } from '../../emulator';
import { Browser, csrfOf, latestCode } from './browser';
import { uniqueEmail, USER_AGENT, type FlowJson } from './helpers';
import {
  latestMessage,
  messageIds,
  nodeList,
  PASSWORD,
  registerWithPassword,
  startProfile,
} from './methodHelpers';

describe('emulator: code method (passwordless)', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startProfile('methods');
  });

  afterAll(async () => {
    await emulator.close();
  });

  const api = () => request(emulator.publicUrl);

  async function loginFlow(): Promise<FlowJson> {
    const res = await api().get('/self-service/login/api').set('User-Agent', USER_AGENT);
    expect(res.status).toBe(200);
    return res.body;
  }

  it('adds "Send sign in code" to the login form', async () => {
    const flow = await loginFlow();
    expect(nodeList(flow)).toEqual([
      'default input csrf_token:hidden',
      'default input identifier:text 1070002',
      'code input method:submit=code 1010015',
      'password input password:password 1070001',
      'password input method:submit=password 1010022',
    ]);
  });

  it('sends a login code, refuses a wrong one, resends, and signs in with the new one', async () => {
    const email = uniqueEmail('code-login');
    await registerWithPassword(emulator, email);
    const flow = await loginFlow();
    const submit = (body: object) =>
      api().post(`/self-service/login?flow=${flow.id}`).set('User-Agent', USER_AGENT).send(body);

    const missing = await submit({ method: 'code' });
    expect(missing.status).toBe(400);
    expect(
      missing.body.ui.nodes.find((n: { attributes: { name: string } }) => n.attributes.name === 'identifier')
        .messages[0].id,
    ).toBe(4000002);
    const unknown = await submit({ method: 'code', identifier: 'nobody@example.com' });
    expect(messageIds(unknown.body)).toEqual([4000035]);

    const sent = await submit({ method: 'code', identifier: email.toUpperCase() });
    expect(sent.status).toBe(400);
    expect(sent.body.state).toBe('sent_email');
    expect(sent.body.active).toBe('code');
    expect(sent.body.transient_payload).toEqual({});
    expect(messageIds(sent.body)).toEqual([1010014]);
    expect(nodeList(sent.body)).toEqual([
      `default input identifier:hidden=${email} 1070002`,
      'code input method:hidden=code',
      'code input code:text 1070013',
      'code input method:submit=code 1070009',
      'code input resend:submit=code 1070008',
    ]);
    const mail = await latestMessage(emulator, email);
    expect(mail.template_type).toBe('login_code_valid');
    const first = /\d{6}/.exec(mail.subject)?.[0] ?? '';
    expect(mail.subject).toBe(`Use code ${first} to log in`);
    expect(mail.body).toBe(
      `Login to your account with the following code:\n\n${first}\n\nIt expires in 15 minutes.\n`,
    );

    const wrong = await submit({ method: 'code', identifier: email, code: '000000' });
    expect(wrong.status).toBe(400);
    expect(messageIds(wrong.body)).toEqual([4010008]);
    expect(nodeList(wrong.body)).toEqual([
      'default input csrf_token:hidden',
      `default input identifier:hidden=${email}`,
      'code input code:text 1070013',
      'code input resend:submit=code 1070008',
      'code input method:hidden=code',
      'code input method:submit=code 1070009',
    ]);

    const resent = await submit({ method: 'code', identifier: email, resend: 'code' });
    expect(resent.status).toBe(400);
    expect(messageIds(resent.body)).toEqual([1010014]);
    const second = await latestCode(emulator, email);
    const stale = await submit({
      method: 'code',
      identifier: email,
      code: first === second ? '999999' : first,
    });
    expect(messageIds(stale.body)).toEqual([4010008]);

    const ok = await submit({ method: 'code', identifier: email, code: second });
    expect(ok.status).toBe(200);
    expect(ok.body.continue_with).toBeNull();
    expect(ok.body.session.authentication_methods).toEqual([
      { method: 'code', aal: 'aal1', completed_at: expect.any(String) },
    ]);
    // The code proved the address.
    expect(ok.body.session.identity.verifiable_addresses[0]).toMatchObject({
      verified: true,
      status: 'completed',
    });
    const reuse = await submit({ method: 'code', identifier: email, code: second });
    expect(reuse.body.state).toBe('passed_challenge');
    expect(messageIds(reuse.body)).toEqual([4010002]);
  });

  it('signs browsers in with a code: JSON answers and form posts', async () => {
    const email = uniqueEmail('code-browser');
    await registerWithPassword(emulator, email);
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('login');
    const sent = await browser.post(`/self-service/login?flow=${flow.id}`, {
      method: 'code',
      identifier: email,
      csrf_token: csrfOf(flow),
    });
    expect(sent.status).toBe(400);
    // Browser flows get the token node back, at the end.
    expect(nodeList(sent.body).at(-1)).toBe('default input csrf_token:hidden');
    const ok = await browser.post(`/self-service/login?flow=${flow.id}`, {
      method: 'code',
      identifier: email,
      code: await latestCode(emulator, email),
      csrf_token: csrfOf(sent.body),
    });
    expect(ok.status).toBe(200);
    expect(ok.body.continue_with).toEqual([
      { action: 'redirect_browser_to', redirect_browser_to: 'http://127.0.0.1:4455/' },
    ]);

    const form = new Browser(emulator);
    const second = await form.createFlow('login');
    const html = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' };
    const redirected = await form.post(
      `/self-service/login?flow=${second.id}`,
      { method: 'code', identifier: email, csrf_token: csrfOf(second) },
      html,
    );
    expect(redirected.status).toBe(303);
    expect(redirected.headers.location).toBe(`http://127.0.0.1:4455/login?flow=${second.id}`);
    const shown = await form.get(`/self-service/login/flows?id=${second.id}`);
    const done = await form.post(
      `/self-service/login?flow=${second.id}`,
      {
        method: 'code',
        identifier: email,
        code: await latestCode(emulator, email),
        csrf_token: csrfOf(shown.body),
      },
      html,
    );
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('http://127.0.0.1:4455/');
  });

  it('registers with a code: traits kept hidden, changed traits refused, the address verified', async () => {
    const email = uniqueEmail('code-reg');
    const flow = await api().get('/self-service/registration/api').set('User-Agent', USER_AGENT);
    expect(nodeList(flow.body)).toEqual([
      'default input csrf_token:hidden',
      'default input traits.email:email 1070002',
      'default input traits.name.first:text 1070002',
      'default input traits.name.last:text 1070002',
      'code input method:submit=code 1040006',
      'password input password:password 1070001',
      'password input method:submit=password 1040001',
    ]);
    const submit = (body: object) =>
      api().post(`/self-service/registration?flow=${flow.body.id}`).set('User-Agent', USER_AGENT).send(body);
    const traits = { email, name: { first: 'Ann' } };
    const sent = await submit({ method: 'code', traits });
    expect(sent.status).toBe(400);
    expect(sent.body.state).toBe('sent_email');
    expect(messageIds(sent.body)).toEqual([1040005]);
    expect(nodeList(sent.body)).toEqual([
      'default input csrf_token:hidden',
      `default input traits.email:hidden=${email} 1070002`,
      'default input traits.name.first:hidden=Ann 1070002',
      'default input traits.name.last:hidden 1070002',
      'code input method:hidden=code',
      'code input code:text 1070012',
      'code input method:submit=code 1070009',
      'code input resend:submit=code 1070008',
    ]);
    const mail = await latestMessage(emulator, email);
    expect(mail.template_type).toBe('registration_code_valid');
    const code = /\d{6}/.exec(mail.body)?.[0] ?? '';
    expect(mail.subject).toBe(`Use code ${code} to complete your account registration`);
    expect(mail.body).toBe(
      `Complete your account registration with the following code:\n\n${code}\n\nThis code expires in 15 minutes.\n`,
    );
    expect(messageIds((await submit({ method: 'code', code: '000000', traits })).body)).toEqual([4040003]);
    const changed = await submit({ method: 'code', code, traits: { email, name: { first: 'Bob' } } });
    expect(messageIds(changed.body)).toEqual([4000036]);

    // The refused traits are echoed into the form (like Kratos): send the code again for these traits.
    expect((await submit({ method: 'code', resend: 'code', traits })).status).toBe(400);
    const ok = await submit({ method: 'code', code: await latestCode(emulator, email), traits });
    expect(ok.status).toBe(200);
    expect(ok.body.continue_with).toEqual([
      { action: 'set_ory_session_token', ory_session_token: ok.body.session_token },
    ]);
    expect(ok.body.identity.verifiable_addresses[0]).toMatchObject({ verified: true, status: 'completed' });
    expect(ok.body.session.authentication_methods[0]).toMatchObject({ method: 'code', aal: 'aal1' });
    const admin = await request(emulator.adminUrl).get(
      `/admin/identities/${ok.body.identity.id}?include_credential=code`,
    );
    expect(admin.body.credentials.code).toMatchObject({
      type: 'code',
      identifiers: [email],
      config: { addresses: [{ channel: 'email', address: email }] },
      version: 1,
    });
  });

  it('still signs in with the password while a code is pending', async () => {
    const email = uniqueEmail('code-pw');
    await registerWithPassword(emulator, email);
    const flow = await loginFlow();
    await api().post(`/self-service/login?flow=${flow.id}`).send({ method: 'code', identifier: email });
    const res = await api()
      .post(`/self-service/login?flow=${flow.id}`)
      .send({ method: 'password', identifier: email, password: PASSWORD });
    expect(res.status).toBe(200);
  });
});
