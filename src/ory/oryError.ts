/**
 * OryError: every failure of an Ory call, reduced to what the facade needs. Built from axios errors without
 * keeping the request config, whose headers hold cookies, session tokens or the admin key (axios#2648).
 */
import { isAxiosError } from 'axios';

/**
 * `local`: the call failed here, before anything was sent (e.g. a value that cannot be serialised). It says
 * nothing about Ory's health, so it never counts against a circuit breaker and is never retried.
 */
export type OryFailureKind = 'http' | 'timeout' | 'network' | 'malformed' | 'local';

export interface OryErrorFields {
  kind: OryFailureKind;
  /** The Ory API that failed, for logs and the circuit breakers: `frontend` or `admin`. */
  api: 'frontend' | 'admin';
  /** The SDK operation, e.g. `toSession`. */
  operation: string;
  status?: number | null;
  body?: unknown;
  retryAfterSeconds?: number | null;
  /** `Set-Cookie` headers of Ory's answer (browser flows relay them even when the call failed). */
  setCookies?: string[];
  /**
   * A safe description of the underlying failure (an error code, or a local error's name and message): never
   * contains headers or request data.
   */
  cause?: string | null;
}

export class OryError extends Error {
  readonly kind: OryFailureKind;
  readonly api: 'frontend' | 'admin';
  readonly operation: string;
  /** HTTP status of Ory's answer (`null` when there was none). */
  readonly status: number | null;
  /** Ory's parsed JSON answer: an error envelope, or a flow for failed flow submissions. */
  readonly body: unknown;
  /** Ory's `error.id` (e.g. `session_refresh_required`), when the answer had one. */
  readonly oryId: string | null;
  /** Ory's `error.reason` (or `error.message`), when the answer had one. */
  readonly reason: string | null;
  readonly retryAfterSeconds: number | null;
  readonly setCookies: string[];
  /** What went wrong below HTTP (an error code such as `ECONNREFUSED`, or `circuit-open`). */
  override readonly cause: string | null;

  constructor(fields: OryErrorFields) {
    super(`Ory ${fields.api} ${fields.operation} failed: ${describe(fields)}`);
    this.name = 'OryError';
    this.kind = fields.kind;
    this.api = fields.api;
    this.operation = fields.operation;
    this.status = fields.status ?? null;
    this.body = fields.body ?? null;
    const envelope = errorEnvelope(this.body);
    this.oryId = envelope?.id ?? null;
    this.reason = envelope?.reason ?? envelope?.message ?? null;
    this.retryAfterSeconds = fields.retryAfterSeconds ?? null;
    this.setCookies = fields.setCookies ?? [];
    this.cause = fields.cause ?? null;
  }

  /** The top-level field of Ory's body (e.g. `use_flow_id`, `redirect_browser_to`), when it is a string. */
  bodyString(key: string): string | null {
    const value = isRecord(this.body) ? this.body[key] : undefined;
    return typeof value === 'string' && value.length > 0 ? value : null;
  }

  /** A string from Ory's `error.details`, when present. */
  detailString(key: string): string | null {
    const error = isRecord(this.body) ? this.body.error : undefined;
    const details = isRecord(error) ? error.details : undefined;
    const value = isRecord(details) ? details[key] : undefined;
    return typeof value === 'string' && value.length > 0 ? value : null;
  }
}

function describe(fields: OryErrorFields): string {
  const status = fields.status == null ? '' : ` ${fields.status}`;
  const cause = fields.cause == null ? '' : ` (${fields.cause})`;
  return `${fields.kind}${status}${cause}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface ErrorEnvelope {
  id: string | null;
  reason: string | null;
  message: string | null;
}

/** Reads Ory's herodot envelope `{ "error": { id, code, reason, message, ... } }`. */
function errorEnvelope(body: unknown): ErrorEnvelope | null {
  const error = isRecord(body) ? body.error : undefined;
  if (!isRecord(error)) return null;
  const text = (key: string): string | null => {
    const value = error[key];
    return typeof value === 'string' && value.length > 0 ? value : null;
  };
  return { id: text('id'), reason: text('reason'), message: text('message') };
}

/** Seconds to wait, from `Retry-After` (seconds or HTTP date) or Ory Network's `x-ratelimit-reset`. */
function retryAfter(header: (name: string) => unknown): number | null {
  for (const name of ['retry-after', 'x-ratelimit-reset']) {
    const value = header(name);
    if (typeof value !== 'string') continue;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  }
  return null;
}

/** Codes of a request that was refused before it was sent (axios's, undici's): our side's fault, not Ory's. */
const LOCAL_AXIOS_CODES: ReadonlySet<string> = new Set([
  'ERR_BAD_OPTION',
  'ERR_BAD_OPTION_VALUE',
  'ERR_INVALID_URL',
  'ERR_NOT_SUPPORT',
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
]);

/** A local error's name and message, cut short: messages of local errors describe code, not request data. */
function localCause(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  return `${error.name}: ${error.message}`.slice(0, 200);
}

/**
 * Converts anything an SDK call threw into an OryError. Only axios's network-level failures and Ory's answers
 * describe Ory; anything else (a RangeError while serialising the body, an invalid option) is `local`.
 */
export function toOryError(error: unknown, api: 'frontend' | 'admin', operation: string): OryError {
  if (error instanceof OryError) return error;
  if (!isAxiosError(error) || (error.code !== undefined && LOCAL_AXIOS_CODES.has(error.code))) {
    return new OryError({ kind: 'local', api, operation, cause: localCause(error) });
  }
  const response = error.response;
  if (response === undefined) {
    // ERR_CANCELED: our abort signal fired, i.e. the call's timeout or the operation's deadline.
    const timedOut =
      error.code === 'ERR_CANCELED' || error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT';
    return new OryError({
      kind: timedOut ? 'timeout' : 'network',
      api,
      operation,
      cause: error.code ?? null,
    });
  }
  const headers = response.headers;
  const body: unknown = response.data;
  return new OryError({
    kind: isRecord(body) ? 'http' : 'malformed',
    api,
    operation,
    status: response.status,
    body: isRecord(body) ? body : null,
    retryAfterSeconds: retryAfter((name) => headers[name]),
    setCookies: setCookiesOf(headers['set-cookie']),
  });
}

/** Node's HTTP client gives `Set-Cookie` as a list; each entry is one cookie and must stay separate. */
export function setCookiesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}
