/**
 * The two-screen styles (`identifierFirst` profile): login `identifier_first` (the identifier, then
 * the methods that identity has) and registration `profile_first` (the traits, then the credentials).
 */
import request from 'supertest';
import type { Emulator } from '../../emulator';
import { Browser, csrfOf, latestCode } from './browser';
import { uniqueEmail, USER_AGENT, type FlowJson } from './helpers';
import { messageIds, nodeList, PASSWORD, registerWithPassword, startProfile } from './methodHelpers';

describe('emulator: identifier_first login and profile_first registration', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startProfile('identifierFirst');
  });

  afterAll(async () => {
    await emulator.close();
  });

  const api = () => request(emulator.publicUrl);

  async function flow(kind: 'login' | 'registration'): Promise<FlowJson> {
    const res = await api().get(`/self-service/${kind}/api`).set('User-Agent', USER_AGENT);
    expect(res.status).toBe(200);
    return res.body;
  }

  it('asks for the identifier first, then shows the methods of that identity', async () => {
    const email = uniqueEmail('idfirst');
    await registerWithPassword(emulator, email);
    const login = await flow('login');
    expect(nodeList(login)).toEqual([
      'identifier_first input identifier:text 1070002',
      'identifier_first input method:submit=identifier_first 1070009',
      'default input csrf_token:hidden',
    ]);
    const submit = (body: object) => api().post(`/self-service/login?flow=${login.id}`).send(body);
    const unknown = await submit({ method: 'identifier_first', identifier: 'nobody@example.com' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.ui.nodes[0].messages[0].id).toBe(4000037);
    const known = await submit({ method: 'identifier_first', identifier: email });
    expect(known.status).toBe(400);
    expect(known.body.active).toBe('identifier_first');
    expect(known.body.transient_payload).toEqual({});
    expect(nodeList(known.body)).toEqual([
      `identifier_first input identifier:hidden=${email} 1070002`,
      'default input csrf_token:hidden',
      'password input password:password 1070001',
      'password input method:submit=password 1010022',
      'code input method:submit=code 1010015',
    ]);
    expect(known.body.ui.nodes[0].attributes.autocomplete).toBe('username webauthn');
    const ok = await submit({ method: 'password', identifier: email, password: PASSWORD });
    expect(ok.status).toBe(200);
  });

  it('sends the code right away to an identity that can only sign in with a code', async () => {
    const email = uniqueEmail('idfirst-code');
    const registration = await flow('registration');
    const regSubmit = (body: object) =>
      api().post(`/self-service/registration?flow=${registration.id}`).send(body);
    expect((await regSubmit({ method: 'code', traits: { email } })).status).toBe(400);
    expect(
      (await regSubmit({ method: 'code', traits: { email }, code: await latestCode(emulator, email) }))
        .status,
    ).toBe(200);
    const login = await flow('login');
    const sent = await api()
      .post(`/self-service/login?flow=${login.id}`)
      .send({ method: 'identifier_first', identifier: email });
    expect(sent.status).toBe(400);
    expect(sent.body.state).toBe('sent_email');
    expect(messageIds(sent.body)).toEqual([1010014]);
    const ok = await api()
      .post(`/self-service/login?flow=${login.id}`)
      .send({ method: 'code', identifier: email, code: await latestCode(emulator, email) });
    expect(ok.status).toBe(200);
  });

  it('asks for the traits first, then for a credential, and can go back', async () => {
    const email = uniqueEmail('profile-first');
    const registration = await flow('registration');
    expect(nodeList(registration)).toEqual([
      'default input csrf_token:hidden',
      'default input traits.email:email 1070002',
      'default input traits.name.first:text 1070002',
      'default input traits.name.last:text 1070002',
      'profile input method:submit=profile 1040001',
    ]);
    const submit = (body: object) =>
      api().post(`/self-service/registration?flow=${registration.id}`).send(body);
    const bad = await submit({ method: 'profile', traits: { email: 'bad' } });
    expect(bad.status).toBe(400);
    const chosen = await submit({ method: 'profile', traits: { email, name: { first: 'Pia' } } });
    expect(chosen.status).toBe(400);
    expect(messageIds(chosen.body)).toEqual([1040009]);
    expect(nodeList(chosen.body)).toEqual([
      'default input csrf_token:hidden',
      `default input traits.email:hidden=${email} 1070002`,
      'default input traits.name.first:hidden=Pia 1070002',
      'default input traits.name.last:hidden 1070002',
      'code input method:submit=code 1040006',
      'password input password:password 1070001',
      'password input method:submit=password 1040001',
      'profile input screen:submit=previous 1040008',
    ]);
    const back = await submit({
      method: 'profile',
      screen: 'previous',
      traits: { email, name: { first: 'Pia' } },
    });
    expect(back.status).toBe(400);
    expect(nodeList(back.body).at(-1)).toBe('profile input method:submit=profile 1040001');
    await submit({ method: 'profile', traits: { email } });
    const ok = await submit({ method: 'password', password: PASSWORD, traits: { email } });
    expect(ok.status).toBe(200);
  });

  it('runs the two screens for browsers', async () => {
    const email = uniqueEmail('profile-first-browser');
    const browser = new Browser(emulator);
    const registration = await browser.createFlow('registration');
    const chosen = await browser.post(`/self-service/registration?flow=${registration.id}`, {
      method: 'profile',
      traits: { email },
      csrf_token: csrfOf(registration),
    });
    expect(chosen.status).toBe(400);
    const ok = await browser.post(`/self-service/registration?flow=${registration.id}`, {
      method: 'password',
      password: PASSWORD,
      traits: { email },
      csrf_token: csrfOf(chosen.body),
    });
    expect(ok.status).toBe(200);
  });
});
