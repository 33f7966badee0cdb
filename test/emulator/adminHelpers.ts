/** Helpers for the admin API tests (`admin*.test.ts`). */
import request from 'supertest';
import type { Emulator } from '../../emulator';
import { login, register, uniqueEmail } from './helpers';

export interface IdentityJson {
  id: string;
  schema_id: string;
  state: string;
  state_changed_at: string;
  traits: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  [key: string]: unknown;
}

export interface SessionJson {
  id: string;
  active: boolean;
  expires_at: string;
  identity: (IdentityJson & { schema_url: string }) | null;
  devices: unknown[] | null;
  [key: string]: unknown;
}

export const NOT_FOUND_BODY = {
  error: { code: 404, status: 'Not Found', message: 'Unable to locate the resource' },
};

/** `POST /admin/identities`, asserting the 201. */
export async function createIdentity(
  emulator: Emulator,
  body: Record<string, unknown>,
): Promise<IdentityJson> {
  const res = await request(emulator.adminUrl).post('/admin/identities').send(body);
  expect(res.status).toBe(201);
  const identity: IdentityJson = res.body;
  return identity;
}

/** An identity with a password, so it can log in through the public API. */
export async function createPasswordIdentity(
  emulator: Emulator,
  password = 'Correct-Horse-Battery-42',
  prefix = 'admin',
): Promise<{ identity: IdentityJson; email: string; password: string }> {
  const email = uniqueEmail(prefix);
  const identity = await createIdentity(emulator, {
    traits: { email },
    credentials: { password: { config: { password } } },
  });
  return { identity, email, password };
}

export interface UserSession {
  token: string;
  identityId: string;
  sessionId: string;
}

/** A registered user with `count` sessions (the registration one, then logins), oldest first. */
export async function userWithSessions(
  emulator: Emulator,
  count: number,
): Promise<{ email: string; password: string; sessions: UserSession[] }> {
  const email = uniqueEmail('sessions');
  const password = 'Correct-Horse-Battery-42';
  const first = await register(emulator, email, password);
  const whoami = await request(emulator.publicUrl)
    .get('/sessions/whoami')
    .set('X-Session-Token', first.token);
  const sessions: UserSession[] = [{ ...first, sessionId: whoami.body.id }];
  for (let i = 1; i < count; i++) {
    const res = await login(emulator, email, password);
    expect(res.status).toBe(200);
    sessions.push({
      token: res.body.session_token,
      identityId: first.identityId,
      sessionId: res.body.session.id,
    });
  }
  return { email, password, sessions };
}
