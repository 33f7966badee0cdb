/**
 * Helpers for the tests of the methods beyond password (code, TOTP, backup codes, links, styles):
 * emulators configured like the Kratos test profiles, compact node lists to compare with what
 * Kratos v26.2.0 answered, and the codes and secrets a user would read.
 */
import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { PROFILES, type ProfileName } from '../kratos/profiles';
import { USER_AGENT, type FlowJson } from './helpers';

export const PASSWORD = 'Correct-Horse-Battery-42';

export function startProfile(name: ProfileName, extra: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ ...PROFILES[name].emulator, ...extra });
}

/**
 * A flow's nodes as `group type name[:input type][=value] [label id]`, the way the Kratos
 * transcripts these tests were written from read; values of CSRF tokens and secrets are left out.
 */
export function nodeList(flow: FlowJson): string[] {
  return flow.ui.nodes.map((node) => {
    const a = node.attributes;
    const name = typeof a.name === 'string' ? a.name : String(a.id);
    const type = node.type === 'input' ? `:${a.type}` : '';
    const value =
      node.type === 'input' && typeof a.value === 'string' && a.value !== '' && a.name !== 'csrf_token'
        ? `=${a.value}`
        : '';
    const label = node.meta.label ? ` ${node.meta.label.id}` : '';
    return `${node.group} ${node.type} ${name}${type}${value}${label}`;
  });
}

export function messageIds(flow: FlowJson): number[] {
  return (flow.ui.messages ?? []).map((m) => m.id);
}

/** Registers with a password over the API and returns the session token. */
export async function registerWithPassword(emulator: Emulator, email: string): Promise<string> {
  const flow = await request(emulator.publicUrl)
    .get('/self-service/registration/api')
    .set('User-Agent', USER_AGENT);
  const res = await request(emulator.publicUrl)
    .post(`/self-service/registration?flow=${flow.body.id}`)
    .set('User-Agent', USER_AGENT)
    .send({ method: 'password', password: PASSWORD, traits: { email } });
  expect(res.status).toBe(200);
  return res.body.session_token;
}

/** Signs in with a password over the API (a new aal1 session). */
export async function loginWithPassword(emulator: Emulator, email: string): Promise<request.Response> {
  const flow = await request(emulator.publicUrl).get('/self-service/login/api').set('User-Agent', USER_AGENT);
  return request(emulator.publicUrl)
    .post(`/self-service/login?flow=${flow.body.id}`)
    .set('User-Agent', USER_AGENT)
    .send({ method: 'password', identifier: email, password: PASSWORD });
}

/** The newest courier message for an address. */
export async function latestMessage(
  emulator: Emulator,
  recipient: string,
): Promise<{ subject: string; body: string; template_type: string }> {
  const res = await request(emulator.adminUrl)
    .get('/admin/courier/messages')
    .query({ recipient, page_size: 1 });
  expect(res.status).toBe(200);
  return res.body[0];
}

/** The TOTP secret shown by the `totp_secret_key` text node. */
export function totpSecretOf(flow: FlowJson): string {
  const node = flow.ui.nodes.find((n) => n.attributes.id === 'totp_secret_key');
  const text = node?.attributes.text;
  if (typeof text !== 'object' || text === null || !('text' in text) || typeof text.text !== 'string') {
    throw new Error('no totp_secret_key node');
  }
  return text.text;
}

export function totpCode(secret: string): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate();
}

/** The codes of the `lookup_secret_codes` text node (its context lists one message per code). */
export function lookupCodesOf(flow: FlowJson): string[] {
  const node = flow.ui.nodes.find((n) => n.attributes.id === 'lookup_secret_codes');
  const text = node?.attributes.text;
  if (typeof text !== 'object' || text === null || !('context' in text)) throw new Error('no codes node');
  const context = text.context;
  if (
    typeof context !== 'object' ||
    context === null ||
    !('secrets' in context) ||
    !Array.isArray(context.secrets)
  ) {
    throw new Error('no secrets');
  }
  return context.secrets.map((secret: { text: string }) => secret.text);
}

export function tokenHeader(token: string): Record<string, string> {
  return { 'X-Session-Token': token, 'User-Agent': USER_AGENT };
}
