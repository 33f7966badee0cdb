/** Sessions (`session/session.go`): the record, its validity rule and its JSON shape. */
import type { IncomingMessage } from 'node:http';
import { newId, newSessionToken } from '../crypto/tokens';
import type { Identity } from '../identity/identity';
import { identityJson } from '../identity/identityJson';
import { goTime } from '../time';

export type Aal = 'aal0' | 'aal1' | 'aal2' | 'aal3';

const AAL_ORDER: readonly Aal[] = ['aal0', 'aal1', 'aal2', 'aal3'];

/** Orders assurance levels (Kratos compares them as strings of the same shape). */
export function aalRank(aal: Aal): number {
  return AAL_ORDER.indexOf(aal);
}

export interface AuthenticationMethod {
  readonly method: string;
  readonly aal: Aal;
  readonly completedAt: Date;
}

export interface Device {
  readonly id: string;
  readonly ipAddress: string;
  readonly userAgent: string | null;
  readonly location: string;
}

export interface Session {
  readonly id: string;
  readonly token: string;
  /** Opaque `ory_kratos_session` cookie value, once a browser flow issues one. */
  cookieValue?: string;
  /** `ory_lo_...` token of `GET /self-service/logout?token=`, created on first use. */
  logoutToken?: string;
  active: boolean;
  expiresAt: Date;
  authenticatedAt: Date;
  aal: Aal;
  authenticationMethods: AuthenticationMethod[];
  issuedAt: Date;
  readonly identityId: string;
  devices: Device[];
}

/** Private networks are skipped in `X-Forwarded-For`, like ory/x `httpx.ClientIP`. */
const INTERNAL_IP = /^(10\.|127\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|fc|fd|fe80:)/i;

function clientIp(req: IncomingMessage): string {
  const first = (name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const direct = first('true-client-ip') ?? first('x-real-ip');
  if (direct !== undefined && direct !== '') return direct;
  const forwarded = first('x-forwarded-for');
  if (forwarded !== undefined && forwarded !== '') {
    const candidates = forwarded
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    return candidates.find((ip) => !INTERNAL_IP.test(ip)) ?? candidates[0] ?? '';
  }
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

/** `Session.SetSessionDeviceInformation`: IP, joined User-Agent values, Cloudflare geo headers. */
export function deviceFromRequest(req: IncomingMessage): Device {
  const userAgent = req.headers['user-agent'];
  const geo = ['cf-ipcity', 'cf-ipcountry']
    .map((name) => req.headers[name])
    .map((value) => (Array.isArray(value) ? value[0] : value)?.trim() ?? '')
    .filter((value) => value !== '');
  return {
    id: newId(),
    ipAddress: clientIp(req),
    userAgent: userAgent === undefined ? null : userAgent,
    location: geo.join(', '),
  };
}

export function newSession(
  identity: Identity,
  method: string,
  req: IncomingMessage,
  now: Date,
  lifespanMs: number,
): Session {
  return {
    id: newId(),
    token: newSessionToken(),
    active: true,
    expiresAt: new Date(now.getTime() + lifespanMs),
    authenticatedAt: now,
    aal: 'aal1',
    authenticationMethods: [{ method, aal: 'aal1', completedAt: now }],
    issuedAt: now,
    identityId: identity.id,
    devices: [deviceFromRequest(req)],
  };
}

/** A session counts only while active, unexpired and owned by an active identity. */
export function isSessionValid(session: Session, identity: Identity | undefined, now: Date): boolean {
  return session.active && session.expiresAt.getTime() > now.getTime() && identity?.state === 'active';
}

/** `active` is computed when serializing (flag ∧ unexpired ∧ identity active). */
export function sessionJson(
  session: Session,
  identity: Identity | undefined,
  options: { publicBaseUrl: string; now: Date },
): Record<string, unknown> {
  return {
    id: session.id,
    active: isSessionValid(session, identity, options.now),
    expires_at: goTime(session.expiresAt),
    authenticated_at: goTime(session.authenticatedAt),
    authenticator_assurance_level: session.aal,
    authentication_methods: session.authenticationMethods.map((m) => ({
      method: m.method,
      aal: m.aal,
      completed_at: goTime(m.completedAt),
    })),
    issued_at: goTime(session.issuedAt),
    identity: identity ? identityJson(identity, { publicBaseUrl: options.publicBaseUrl }) : null,
    devices: session.devices.map((d) => ({
      id: d.id,
      ip_address: d.ipAddress,
      user_agent: d.userAgent,
      location: d.location,
    })),
  };
}
