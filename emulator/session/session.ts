/** Sessions (`session/session.go`): the record, its validity rule and its JSON shape. */
import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
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
  /** OIDC provider id (`omitempty`). */
  readonly provider?: string;
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
  /**
   * The device of a re-authentication (refresh or aal2 upgrade). Kratos shows it in that login's
   * answer only (its id stays the same for the session), never in later reads.
   */
  reauthDevice?: Device;
}

/** Go's `net.IP.IsPrivate` (RFC 1918 and RFC 4193); unparsable addresses are not private. */
function isPrivateIp(text: string): boolean {
  const ip = text.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (isIPv4(ip)) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  return isIPv6(ip) && /^f[cd]/i.test(ip);
}

/** Go's `RemoteAddr`: `ip:port`, IPv6 in brackets. */
function remoteAddr(req: IncomingMessage): string {
  const address = (req.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const port = req.socket.remotePort ?? 0;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * ory/x `httpx.ClientIP`: `True-Client-IP`, `Cf-Connecting-IP`, `X-Real-IP`, then the right-most
 * `X-Forwarded-For` entry that is not a private address ('' when all are), else the connection's
 * `RemoteAddr` — with its port.
 */
function clientIp(req: IncomingMessage): string {
  const first = (name: string): string => {
    const value = req.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? '';
  };
  for (const name of ['true-client-ip', 'cf-connecting-ip', 'x-real-ip']) {
    const value = first(name);
    if (value !== '') return value;
  }
  const forwarded = first('x-forwarded-for');
  if (forwarded !== '') {
    const candidates = forwarded.split(',').map((part) => part.trim());
    for (let i = candidates.length - 1; i >= 0; i--) {
      const ip = candidates[i] ?? '';
      if (!isPrivateIp(ip)) return ip;
    }
    return '';
  }
  return remoteAddr(req);
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
  options: { aal?: Aal; provider?: string } = {},
): Session {
  const session: Session = {
    id: newId(),
    token: newSessionToken(),
    active: true,
    expiresAt: new Date(now.getTime() + lifespanMs),
    authenticatedAt: now,
    aal: 'aal1',
    authenticationMethods: [
      { method, aal: options.aal ?? 'aal1', completedAt: now, provider: options.provider },
    ],
    issuedAt: now,
    identityId: identity.id,
    devices: [deviceFromRequest(req)],
  };
  setAuthenticatorAssuranceLevel(session);
  return session;
}

/**
 * `Session.SetAuthenticatorAssuranceLevel`: aal2 once the methods include both an aal1 and an aal2
 * one, aal1 for anything else (aal0 without methods).
 */
export function setAuthenticatorAssuranceLevel(session: Session): void {
  const levels = session.authenticationMethods.map((m) => m.aal);
  if (levels.length === 0) session.aal = 'aal0';
  else if (levels.includes('aal1') && levels.includes('aal2')) session.aal = 'aal2';
  else session.aal = 'aal1';
}

/** `Session.CompletedLoginForMethod` followed by the AAL update every caller does. */
export function completedLoginFor(session: Session, method: AuthenticationMethod): void {
  session.authenticationMethods.push(method);
  setAuthenticatorAssuranceLevel(session);
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
      provider: m.provider === '' ? undefined : m.provider,
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
