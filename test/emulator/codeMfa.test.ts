/**
 * A code sent by email as the second factor (`code.mfa_enabled`, the `mfaCode` profile): every
 * identity with a code address then has aal2 available, and an aal2 login flow sends the code as
 * soon as it is created when there is exactly one address.
 */
import request from 'supertest';
import type { Emulator } from '../../emulator';
import { Browser, csrfOf, latestCode } from './browser';
import { uniqueEmail } from './helpers';
import {
  latestMessage,
  messageIds,
  nodeList,
  registerWithPassword,
  startProfile,
  tokenHeader,
} from './methodHelpers';

describe('emulator: code as the second factor', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startProfile('mfaCode');
  });

  afterAll(async () => {
    await emulator.close();
  });

  const api = () => request(emulator.publicUrl);

  it('requires the code for every password session and sends it when the aal2 flow is created', async () => {
    const email = uniqueEmail('mfa');
    const token = await registerWithPassword(emulator, email);
    expect((await api().get('/sessions/whoami').set(tokenHeader(token))).status).toBe(403);

    // A plain GET (no JSON Accept) gets Kratos' 303 to the login UI, even for an API flow.
    const plain = await api().get('/self-service/login/api?aal=aal2').set(tokenHeader(token));
    expect(plain.status).toBe(303);
    expect(plain.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:4455\/login\?flow=/);

    const flow = await api()
      .get('/self-service/login/api?aal=aal2')
      .set(tokenHeader(token))
      .set('Accept', 'application/json');
    expect(flow.status).toBe(200);
    expect(flow.body.state).toBe('sent_email');
    expect(flow.body).not.toHaveProperty('transient_payload');
    expect(nodeList(flow.body)).toEqual([
      `code input identifier:hidden=${email} 1010023`,
      'code input method:hidden=code',
      'code input code:text 1070013',
      'code input method:submit=code 1070009',
      'code input resend:submit=code 1070008',
    ]);
    expect((await latestMessage(emulator, email)).template_type).toBe('login_code_valid');
    const submit = (body: object) =>
      api().post(`/self-service/login?flow=${flow.body.id}`).set(tokenHeader(token)).send(body);
    const noCode = await submit({ address: email });
    expect(noCode.status).toBe(400);
    expect(messageIds(noCode.body)).toEqual([]);
    expect(messageIds((await submit({ method: 'code', identifier: email, code: '000000' })).body)).toEqual([
      4010008,
    ]);
    const ok = await submit({ method: 'code', identifier: email, code: await latestCode(emulator, email) });
    expect(ok.status).toBe(200);
    expect(
      ok.body.session.authentication_methods.map(
        (m: { method: string; aal: string }) => `${m.method}/${m.aal}`,
      ),
    ).toEqual(['password/aal1', 'code/aal2']);
    expect((await api().get('/sessions/whoami').set(tokenHeader(token))).status).toBe(200);
  });

  it('works for browsers', async () => {
    const email = uniqueEmail('mfa-browser');
    const browser = new Browser(emulator);
    const registration = await browser.createFlow('registration');
    await browser.post(`/self-service/registration?flow=${registration.id}`, {
      method: 'password',
      password: 'Correct-Horse-Battery-42',
      traits: { email },
      csrf_token: csrfOf(registration),
    });
    expect((await browser.get('/sessions/whoami')).status).toBe(403);
    const flow = await browser.createFlow('login', '?aal=aal2');
    expect(flow.state).toBe('sent_email');
    expect(nodeList(flow).at(-1)).toBe('default input csrf_token:hidden');
    const ok = await browser.post(`/self-service/login?flow=${flow.id}`, {
      method: 'code',
      identifier: email,
      code: await latestCode(emulator, email),
      csrf_token: csrfOf(flow),
    });
    expect(ok.status).toBe(200);
    expect((await browser.get('/sessions/whoami')).body.authenticator_assurance_level).toBe('aal2');
  });
});
