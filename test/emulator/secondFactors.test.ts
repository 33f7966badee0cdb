/**
 * TOTP and backup codes (`methods` profile): enrolment in settings, the aal2 login, and what an aal1
 * session of an identity with a second factor gets (`highest_available`): whoami, settings and
 * `/sessions` answer 403 `session_aal2_required`, login answers carry no identity (API) or send the
 * browser to the aal2 login.
 */
import { inflateSync } from 'node:zlib';
import request from 'supertest';
import type { Emulator } from '../../emulator';
import { Browser, csrfOf } from './browser';
import { uniqueEmail, USER_AGENT, type FlowJson } from './helpers';
import {
  loginWithPassword,
  lookupCodesOf,
  messageIds,
  nodeList,
  PASSWORD,
  registerWithPassword,
  startProfile,
  tokenHeader,
  totpCode,
  totpSecretOf,
} from './methodHelpers';

const AAL2_REDIRECT = (emulator: Emulator) => `${emulator.publicUrl}/self-service/login/browser?aal=aal2`;

/** A valid PNG: signature, IHDR of 256×256, and an IDAT that inflates. */
function expectPng(dataUri: string): void {
  expect(dataUri.startsWith('data:image/png;base64,')).toBe(true);
  const png = Buffer.from(dataUri.slice('data:image/png;base64,'.length), 'base64');
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  expect(png.readUInt32BE(16)).toBe(256);
  expect(png.readUInt32BE(20)).toBe(256);
  const idat = png.indexOf('IDAT');
  const length = png.readUInt32BE(idat - 4);
  expect(inflateSync(png.subarray(idat + 4, idat + 4 + length)).length).toBe(257 * 256);
}

describe('emulator: TOTP and backup codes', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startProfile('methods');
  });

  afterAll(async () => {
    await emulator.close();
  });

  const api = () => request(emulator.publicUrl);

  async function settingsFlow(token: string): Promise<FlowJson> {
    const res = await api().get('/self-service/settings/api').set(tokenHeader(token));
    expect(res.status).toBe(200);
    return res.body;
  }

  async function enrolTotp(token: string): Promise<string> {
    const flow = await settingsFlow(token);
    const secret = totpSecretOf(flow);
    const res = await api()
      .post(`/self-service/settings?flow=${flow.id}`)
      .set(tokenHeader(token))
      .send({ method: 'totp', totp_code: totpCode(secret) });
    expect(res.status).toBe(200);
    return secret;
  }

  it('shows a new TOTP key in settings and enrols it with a valid code', async () => {
    const email = uniqueEmail('totp');
    const token = await registerWithPassword(emulator, email);
    const flow = await settingsFlow(token);
    expect(nodeList(flow)).toEqual([
      'default input csrf_token:hidden',
      `profile input traits.email:email=${email} 1070002`,
      'profile input traits.name.first:text 1070002',
      'profile input traits.name.last:text 1070002',
      'profile input method:submit=profile 1070003',
      'password input password:password 1070001',
      'password input method:submit=password 1070003',
      'lookup_secret input lookup_secret_regenerate:submit=true 1050008',
      'totp img totp_qr 1050005',
      'totp text totp_secret_key 1050017',
      'totp input totp_code:text 1070006',
      'totp input method:submit=totp 1070003',
    ]);
    const qr = flow.ui.nodes.find((n) => n.attributes.id === 'totp_qr');
    expect(qr?.attributes).toMatchObject({ id: 'totp_qr', width: 256, height: 256, node_type: 'img' });
    expectPng(String(qr?.attributes.src));
    const secret = totpSecretOf(flow);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    const submit = (body: object) =>
      api().post(`/self-service/settings?flow=${flow.id}`).set(tokenHeader(token)).send(body);
    const missing = await submit({ method: 'totp' });
    expect(missing.status).toBe(400);
    expect(
      missing.body.ui.nodes.find((n: { attributes: { name?: string } }) => n.attributes.name === 'totp_code')
        .messages[0].id,
    ).toBe(4000002);
    const wrong = await submit({ method: 'totp', totp_code: '000000' });
    expect(
      wrong.body.ui.nodes.find((n: { attributes: { name?: string } }) => n.attributes.name === 'totp_code')
        .messages[0].id,
    ).toBe(4000008);

    const ok = await submit({ method: 'totp', totp_code: totpCode(secret) });
    expect(ok.status).toBe(200);
    expect(ok.body.state).toBe('success');
    expect(messageIds(ok.body)).toEqual([1050001]);
    expect(nodeList(ok.body).slice(-2)).toEqual([
      'lookup_secret input lookup_secret_regenerate:submit=true 1050008',
      'totp input totp_unlink:submit=true 1050004',
    ]);
    // Like Kratos, the saved form is the one of a brand-new flow.
    expect(ok.body.ui.action).not.toContain(flow.id);
    const whoami = await api().get('/sessions/whoami').set(tokenHeader(token));
    expect(whoami.body.authenticator_assurance_level).toBe('aal2');
    expect(whoami.body.authentication_methods.map((m: { method: string }) => m.method)).toEqual([
      'password',
      'totp',
    ]);
    const admin = await request(emulator.adminUrl).get(
      `/admin/identities/${whoami.body.identity.id}?include_credential=totp`,
    );
    expect(admin.body.credentials.totp.identifiers).toEqual([whoami.body.identity.id]);
    expect(admin.body.credentials.totp.config.totp_url).toBe(
      `otpauth://totp/ory-graphql:${email}?algorithm=SHA1&digits=6&issuer=ory-graphql&period=30&secret=${secret}`,
    );
  });

  it('asks an aal1 session for the second factor: 403 on whoami/settings/sessions, aal2 login with TOTP', async () => {
    const email = uniqueEmail('totp-aal');
    const secret = await enrolTotp(await registerWithPassword(emulator, email));
    const login = await loginWithPassword(emulator, email);
    expect(login.status).toBe(200);
    // The session needs its second factor: the API answer carries no identity.
    expect(login.body.session.identity).toBeNull();
    const token: string = login.body.session_token;
    const aal2Required = {
      error: {
        id: 'session_aal2_required',
        code: 403,
        status: 'Forbidden',
        reason:
          'An active session was found but it does not fulfill the requested Authenticator Assurance Level. Please verify yourself with a second factor to resolve this issue.',
        details: { redirect_browser_to: AAL2_REDIRECT(emulator) },
        message: 'Session does not fulfill the requested Authenticator Assurance Level',
      },
      redirect_browser_to: AAL2_REDIRECT(emulator),
    };
    for (const path of ['/sessions/whoami', '/self-service/settings/api', '/sessions']) {
      const res = await api().get(path).set(tokenHeader(token));
      expect(res.status).toBe(403);
      expect(res.body).toEqual(aal2Required);
    }
    expect((await api().get('/self-service/login/api?aal=aal2')).body.error.id).toBe('session_aal1_required');
    const flow = await api().get('/self-service/login/api?aal=aal2').set(tokenHeader(token));
    expect(nodeList(flow.body)).toEqual([
      'default input csrf_token:hidden',
      'totp input totp_code:text 1010006',
      'totp input method:submit=totp 1010009',
    ]);
    expect(messageIds(flow.body)).toEqual([1010004]);
    const submit = (body: object) =>
      api().post(`/self-service/login?flow=${flow.body.id}`).set(tokenHeader(token)).send(body);
    expect(
      messageIds((await submit({ method: 'password', identifier: email, password: PASSWORD })).body),
    ).toEqual([4010002]);
    expect(messageIds((await submit({ method: 'totp', totp_code: '000000' })).body)).toEqual([4000008]);
    const ok = await submit({ method: 'totp', totp_code: totpCode(secret) });
    expect(ok.status).toBe(200);
    expect(ok.body.session.authenticator_assurance_level).toBe('aal2');
    expect((await api().get('/sessions/whoami').set(tokenHeader(token))).status).toBe(200);
    expect((await api().get('/self-service/login/api?aal=aal2').set(tokenHeader(token))).body.error.id).toBe(
      'session_already_available',
    );
  });

  it('sends browsers of a two-factor identity to the aal2 login (422 for SPAs, 303 for forms)', async () => {
    const email = uniqueEmail('totp-browser');
    const secret = await enrolTotp(await registerWithPassword(emulator, email));
    const spa = new Browser(emulator);
    const flow = await spa.createFlow('login');
    const res = await spa.post(`/self-service/login?flow=${flow.id}`, {
      method: 'password',
      identifier: email,
      password: PASSWORD,
      csrf_token: csrfOf(flow),
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: {
        id: 'browser_location_change_required',
        code: 422,
        status: 'Unprocessable Entity',
        reason: `In order to complete this flow please redirect the browser to: ${AAL2_REDIRECT(emulator)}`,
        message: 'browser location change required',
      },
      redirect_browser_to: AAL2_REDIRECT(emulator),
    });
    const settingsHtml = await spa.get('/self-service/settings/browser', { Accept: 'text/html' });
    expect(settingsHtml.status).toBe(303);
    expect(settingsHtml.headers.location).toBe(AAL2_REDIRECT(emulator));
    const aal2 = await spa.createFlow('login', '?aal=aal2');
    const ok = await spa.post(`/self-service/login?flow=${aal2.id}`, {
      method: 'totp',
      totp_code: totpCode(secret),
      csrf_token: csrfOf(aal2),
    });
    expect(ok.status).toBe(200);
    expect((await spa.get('/sessions/whoami')).body.authenticator_assurance_level).toBe('aal2');

    const form = new Browser(emulator);
    const second = await form.createFlow('login');
    const html = await form.post(
      `/self-service/login?flow=${second.id}`,
      { method: 'password', identifier: email, password: PASSWORD, csrf_token: csrfOf(second) },
      { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
    );
    expect(html.status).toBe(303);
    expect(html.headers.location).toBe(AAL2_REDIRECT(emulator));
  });

  it('unlinks TOTP from an aal2 session', async () => {
    const email = uniqueEmail('totp-unlink');
    const token = await registerWithPassword(emulator, email);
    await enrolTotp(token);
    const flow = await settingsFlow(token);
    const res = await api()
      .post(`/self-service/settings?flow=${flow.id}`)
      .set(tokenHeader(token))
      .send({ method: 'totp', totp_unlink: true });
    expect(res.status).toBe(200);
    expect(nodeList(res.body)).toContain('totp input totp_code:text 1070006');
    const admin = await request(emulator.adminUrl).get(`/admin/identities/${res.body.identity.id}`);
    expect(admin.body.credentials.totp).toBeUndefined();
  });

  it('generates, confirms, reveals and disables backup codes, and signs in with each code once', async () => {
    const email = uniqueEmail('lookup');
    const token = await registerWithPassword(emulator, email);
    const flow = await settingsFlow(token);
    const submit = (body: object) =>
      api().post(`/self-service/settings?flow=${flow.id}`).set(tokenHeader(token)).send(body);
    const early = await submit({ method: 'lookup_secret', lookup_secret_confirm: true });
    expect(early.status).toBe(400);
    expect(early.body.ui.messages[0]).toEqual({
      id: 4000001,
      text: 'You must (re-)generate recovery backup codes before you can save them.',
      type: 'error',
      context: { reason: 'You must (re-)generate recovery backup codes before you can save them.' },
    });
    const regenerated = await submit({ lookup_secret_regenerate: true });
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.transient_payload).toEqual({});
    expect(nodeList(regenerated.body).slice(-2)).toEqual([
      'lookup_secret text lookup_secret_codes 1050010',
      'lookup_secret input lookup_secret_confirm:submit=true 1050011',
    ]);
    const codes = lookupCodesOf(regenerated.body);
    expect(codes).toHaveLength(12);
    for (const code of codes) expect(code).toMatch(/^[a-z0-9]{8}$/);
    const confirmed = await submit({ lookup_secret_confirm: true });
    expect(confirmed.status).toBe(200);
    expect(nodeList(confirmed.body)).toContain(
      'lookup_secret input lookup_secret_reveal:submit=true 1050007',
    );
    expect(
      (await api().get('/sessions/whoami').set(tokenHeader(token))).body.authenticator_assurance_level,
    ).toBe('aal2');

    const login = await loginWithPassword(emulator, email);
    const aal1: string = login.body.session_token;
    const aal2 = await api().get('/self-service/login/api?aal=aal2').set(tokenHeader(aal1));
    expect(nodeList(aal2.body)).toEqual([
      'default input csrf_token:hidden',
      'lookup_secret input lookup_secret:text 1010007',
      'lookup_secret input method:submit=lookup_secret 1010010',
    ]);
    const use = (t: string, flowId: string, code: string) =>
      api()
        .post(`/self-service/login?flow=${flowId}`)
        .set(tokenHeader(t))
        .send({ method: 'lookup_secret', lookup_secret: code });
    expect(messageIds((await use(aal1, aal2.body.id, 'nopenope')).body)).toEqual([4000016]);
    const ok = await use(aal1, aal2.body.id, codes[0] ?? '');
    expect(ok.status).toBe(200);
    expect(ok.body.session.authentication_methods.at(-1)).toMatchObject({
      method: 'lookup_secret',
      aal: 'aal2',
    });
    const again = (await loginWithPassword(emulator, email)).body.session_token;
    const flow2 = await api().get('/self-service/login/api?aal=aal2').set(tokenHeader(again));
    expect(messageIds((await use(again, flow2.body.id, codes[0] ?? '')).body)).toEqual([4000012]);

    const later = await settingsFlow(token);
    const revealed = await api()
      .post(`/self-service/settings?flow=${later.id}`)
      .set(tokenHeader(token))
      .send({ lookup_secret_reveal: true });
    expect(lookupCodesOf(revealed.body)[0]).toMatch(
      /^Secret was used at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0000 UTC$/,
    );
    const disabled = await api()
      .post(`/self-service/settings?flow=${later.id}`)
      .set(tokenHeader(token))
      .send({ lookup_secret_disable: true });
    expect(disabled.status).toBe(200);
    expect(nodeList(disabled.body)).toContain(
      'lookup_secret input lookup_secret_regenerate:submit=true 1050008',
    );
  });

  it('refreshes a session with refresh=true and records the method again', async () => {
    const email = uniqueEmail('refresh');
    const token = await registerWithPassword(emulator, email);
    const flow = await api().get('/self-service/login/api?refresh=true').set(tokenHeader(token));
    expect(flow.body.refresh).toBe(true);
    expect(messageIds(flow.body)).toEqual([1010003]);
    // The code method's identifier field replaces the password's hidden one, as in Kratos.
    expect(nodeList(flow.body)).toEqual([
      'default input csrf_token:hidden',
      'default input identifier:text 1070002',
      'code input method:submit=code 1010015',
      'password input password:password 1070001',
      'password input method:submit=password 1010001',
    ]);
    const res = await api()
      .post(`/self-service/login?flow=${flow.body.id}`)
      .set(tokenHeader(token))
      .send({ method: 'password', identifier: email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.session.authentication_methods.map((m: { method: string }) => m.method)).toEqual([
      'password',
      'password',
    ]);
    expect(res.body.session.devices).toHaveLength(2);
    expect(
      (await api().get('/sessions/whoami').set('X-Session-Token', token).set('User-Agent', USER_AGENT)).body
        .devices,
    ).toHaveLength(1);
  });
});
