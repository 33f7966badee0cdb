/**
 * A record of every request either listener served, for tests that count upstream calls or check
 * which credentials were sent. Secrets never enter it in clear: session tokens, Authorization
 * credentials, cookie values and secret-looking query values are stored as fingerprints.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FaultKind } from './faults/faultRule';

/** `'sha256:' + first 16 hex chars of sha256(secret)`: comparable across entries, not reversible. */
export function fingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16)}`;
}

export interface RecordedCookie {
  readonly name: string;
  readonly value: string;
}

// A type alias (not an interface) so entries stay assignable to `Record<string, unknown>`.
export type RecordedHeaders = {
  'x-session-token'?: string;
  authorization?: string;
  cookie?: RecordedCookie[];
  origin?: string;
  'content-type'?: string;
  accept?: string;
  'user-agent'?: string;
  'x-forwarded-for'?: string;
  'cache-control'?: string;
  /** W3C trace context, so tests can see traces cross into Ory. */
  traceparent?: string;
};

export interface RequestLogEntry {
  readonly listener: 'public' | 'admin';
  readonly method: string;
  /** Path exactly as received (admin paths may lack the `/admin` prefix). */
  readonly path: string;
  /** Query parameters; repeated keys become arrays; secret-looking values are fingerprinted. */
  readonly query: Record<string, string | string[]>;
  /** Response status; 0 until the response starts (and for faults that never send one). */
  status: number;
  readonly headers: RecordedHeaders;
  /** Set when a fault rule (`emulator/faults`) shaped this exchange. */
  readonly fault?: { readonly id: string; readonly kind: FaultKind };
  /** Faulted exchanges only: the client closed the connection before the answer was complete. */
  clientClosed?: boolean;
}

export interface RequestLog {
  /** A snapshot copy of the entries, oldest first. */
  entries(): RequestLogEntry[];
  clear(): void;
}

const PLAIN_HEADERS = [
  'origin',
  'content-type',
  'accept',
  'user-agent',
  'x-forwarded-for',
  'cache-control',
  'traceparent',
] as const;
/** Query keys whose values are credentials (logout tokens, codes) in Kratos' APIs. */
const SECRET_QUERY_KEYS = new Set(['token', 'code', 'session_token', 'logout_token']);
/** Kratos token prefixes (`x/token_prefixes.go`): anything carrying one is a credential. */
const SECRET_PREFIX = /^ory_[a-z]{2}_/;
/** Keeps a long-running CLI emulator from growing without bound. */
const MAX_ENTRIES = 10_000;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function recordCookies(cookieHeader: string): RecordedCookie[] {
  const cookies: RecordedCookie[] = [];
  for (const part of cookieHeader.split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    const name = eq === -1 ? trimmed : trimmed.slice(0, eq).trim();
    const value = eq === -1 ? '' : trimmed.slice(eq + 1).trim();
    cookies.push({ name, value: fingerprint(value) });
  }
  return cookies;
}

export function recordHeaders(headers: IncomingHttpHeaders): RecordedHeaders {
  const recorded: RecordedHeaders = {};
  const token = single(headers['x-session-token']);
  if (token !== undefined) recorded['x-session-token'] = fingerprint(token);
  const authorization = single(headers.authorization);
  if (authorization !== undefined) {
    const space = authorization.indexOf(' ');
    recorded.authorization =
      space === -1
        ? fingerprint(authorization)
        : `${authorization.slice(0, space)} ${fingerprint(authorization.slice(space + 1))}`;
  }
  const cookie = single(headers.cookie);
  if (cookie !== undefined) recorded.cookie = recordCookies(cookie);
  for (const name of PLAIN_HEADERS) {
    const value = single(headers[name]);
    if (value !== undefined) recorded[name] = value;
  }
  return recorded;
}

function recordValue(key: string, value: string): string {
  return SECRET_QUERY_KEYS.has(key) || SECRET_PREFIX.test(value) ? fingerprint(value) : value;
}

export function recordQuery(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key).map((value) => recordValue(key, value));
    out[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return out;
}

export class InMemoryRequestLog implements RequestLog {
  private items: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.items.push(entry);
    if (this.items.length > MAX_ENTRIES) this.items.splice(0, this.items.length - MAX_ENTRIES);
  }

  entries(): RequestLogEntry[] {
    return structuredClone(this.items);
  }

  clear(): void {
    this.items = [];
  }
}
