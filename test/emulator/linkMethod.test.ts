/**
 * Recovery and verification with the `link` method (`links` profile): the emails carry a link to
 * `/self-service/<kind>?flow=&token=`, and opening it (a browser `GET`) completes the flow.
 */
import request from 'supertest';
import type { Emulator } from '../../emulator';
import { Browser, csrfOf } from './browser';
import { uniqueEmail, USER_AGENT } from './helpers';
import { latestMessage, messageIds, nodeList, registerWithPassword, startProfile } from './methodHelpers';

function linkIn(body: string): string {
  const link = /(http\S+token=\S+)/.exec(body)?.[1];
  if (link === undefined) throw new Error('no link in the email');
  return link;
}

describe('emulator: link method', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startProfile('links');
  });

  afterAll(async () => {
    await emulator.close();
  });

  const api = () => request(emulator.publicUrl);

  it('recovers with an emailed link: settings flow, session cookie, one use only', async () => {
    const email = uniqueEmail('link-recovery');
    await registerWithPassword(emulator, email);
    const flow = await api().get('/self-service/recovery/api').set('User-Agent', USER_AGENT);
    expect(flow.body.active).toBe('link');
    expect(nodeList(flow.body)).toEqual([
      'default input csrf_token:hidden',
      'link input email:email 1070007',
      'link input method:submit=link 1070009',
    ]);
    const submit = (body: object) => api().post(`/self-service/recovery?flow=${flow.body.id}`).send(body);
    expect(messageIds((await submit({ method: 'code', email })).body)).toEqual([4010005]);
    const sent = await submit({ method: 'link', email });
    expect(sent.status).toBe(200);
    expect(sent.body.state).toBe('sent_email');
    expect(messageIds(sent.body)).toEqual([1060002]);
    const mail = await latestMessage(emulator, email);
    expect(mail.template_type).toBe('recovery_valid');
    expect(mail.subject).toBe('Recover access to your account');
    const link = linkIn(mail.body);
    expect(link).toMatch(
      new RegExp(
        `^${emulator.publicUrl}/self-service/recovery\\?flow=${flow.body.id}&token=[A-Za-z0-9]{32}$`,
      ),
    );
    expect(mail.body).toBe(
      `Recover access to your account by clicking the following link:\n\n${link}\n\nIf this was not you, do nothing. This link expires in 15 minutes.\n\n`,
    );

    const browser = new Browser(emulator);
    const opened = await browser.get(link.replace(emulator.publicUrl, ''), { Accept: 'text/html' });
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:4455\/settings\?flow=/);
    const whoami = await browser.get('/sessions/whoami');
    expect(whoami.body.authentication_methods[0]).toMatchObject({ method: 'link_recovery', aal: 'aal1' });
    const settingsId = new URL(String(opened.headers.location)).searchParams.get('flow');
    const settings = await browser.get(`/self-service/settings/flows?id=${settingsId}`);
    expect(messageIds(settings.body)).toEqual([1060001]);

    const other = new Browser(emulator);
    const again = await other.get(link.replace(emulator.publicUrl, ''), { Accept: 'text/html' });
    expect(again.status).toBe(303);
    const retryId = new URL(String(again.headers.location)).searchParams.get('flow');
    // The replacement is a browser flow: fetching it needs the rotated CSRF cookie.
    const retry = await other.get(`/self-service/recovery/flows?id=${retryId}`);
    expect(messageIds(retry.body)).toEqual([4060004]);
  });

  it('verifies with an emailed link, also the one sent at registration', async () => {
    const email = uniqueEmail('link-verification');
    await registerWithPassword(emulator, email);
    const registrationMail = await latestMessage(emulator, email);
    expect(registrationMail.template_type).toBe('verification_valid');
    expect(registrationMail.subject).toBe('Please verify your email address');

    const browser = new Browser(emulator);
    const flow = await browser.createFlow('verification');
    expect(nodeList(flow)).toEqual([
      'default input csrf_token:hidden',
      'link input email:email 1070007',
      'link input method:submit=link 1070009',
    ]);
    const sent = await browser.post(`/self-service/verification?flow=${flow.id}`, {
      method: 'link',
      email,
      csrf_token: csrfOf(flow),
    });
    expect(sent.status).toBe(200);
    expect(messageIds(sent.body)).toEqual([1080001]);
    const link = linkIn((await latestMessage(emulator, email)).body);
    const opened = await browser.get(link.replace(emulator.publicUrl, ''), { Accept: 'text/html' });
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toBe(`http://127.0.0.1:4455/verification?flow=${flow.id}`);
    const done = await browser.get(`/self-service/verification/flows?id=${flow.id}`);
    expect(done.body.state).toBe('passed_challenge');
    expect(nodeList(done.body)).toEqual(['default input csrf_token:hidden', 'link a continue 1070009']);
    const admin = await request(emulator.adminUrl).get(`/admin/identities?credentials_identifier=${email}`);
    expect(admin.body[0].verifiable_addresses[0]).toMatchObject({ verified: true, status: 'completed' });
  });

  it('creates admin recovery links', async () => {
    const email = uniqueEmail('link-admin');
    await registerWithPassword(emulator, email);
    const identity = await request(emulator.adminUrl).get(
      `/admin/identities?credentials_identifier=${email}`,
    );
    const res = await request(emulator.adminUrl)
      .post('/admin/recovery/link')
      .send({ identity_id: identity.body[0].id });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['recovery_link', 'expires_at']);
    const opened = await new Browser(emulator).get(
      linkIn(res.body.recovery_link).replace(emulator.publicUrl, ''),
      {
        Accept: 'text/html',
      },
    );
    expect(opened.headers.location).toMatch(/\/settings\?flow=/);
  });
});
