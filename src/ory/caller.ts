/**
 * OryCaller: Ory's frontend API as seen by one caller. Created per request and bound to that caller's
 * credentials, it decides which credential each call carries (a session token for native calls, Ory's cookies
 * for browser calls, never both), and relays the cookies Ory sets on browser calls back to the client.
 */
import type { AxiosResponse, RawAxiosRequestConfig } from 'axios';
import type { OryClients } from './clients';
import { OryError, setCookiesOf } from './oryError';
import type { CallScope, ResponseShape } from './transport';
import { ErrorCode, apiError, fromOryError } from '../errors';

/** `native`: Ory's API flows and session tokens. `browser`: Ory's browser flows, cookies and CSRF tokens. */
export type CallMode = 'native' | 'browser';

export interface CallerCredentials {
  /** The Ory session token from `X-Session-Token` or `Authorization: Bearer`. */
  sessionToken: string | null;
  /** Only the caller's Ory cookies (session and CSRF), as a `Cookie` header value. */
  oryCookies: string | null;
}

/** Where `Set-Cookie` headers from Ory go: the GraphQL HTTP response. */
export interface CookieSink {
  relay(setCookies: readonly string[]): void;
}

/** The end user's device, for the sessions Ory records (IP from trusted proxy hops only). */
export interface ClientDevice {
  ip: string | null;
  userAgent: string | null;
}

export interface CallOptions {
  shape?: ResponseShape;
  /** A read that may be retried (HTTP GET). */
  idempotent?: boolean;
  headers?: Record<string, string>;
  /**
   * The call needs a signed-in caller: without a credential it is refused here with UNAUTHENTICATED, as Ory
   * would refuse it, without the call.
   */
  requiresSession?: boolean;
}

/**
 * Refuses native flows to browsers, like Ory refuses API flows that carry `Origin` or cookies: a session token
 * handed to a browser is readable by any script on the page. Throws when this request may not use them.
 */
export type NativeFlowPolicy = () => void;

/**
 * A browser flow submitted without Ory's cookies. The usual cause is not the token but the cookies: the browser
 * stored none (SameSite=Lax cookies of another site: page on localhost, API on 127.0.0.1) or sent none (fetch
 * without `credentials: 'include'`). Said before Ory is called, since Ory's answer names only the token.
 */
export const NO_ORY_COOKIES =
  "The browser sent no Ory cookies with this flow's csrfToken, so Ory's CSRF check cannot pass. Usually the " +
  'page and the GraphQL API are on different sites (e.g. localhost and 127.0.0.1: the browser then keeps none ' +
  "of Ory's SameSite=Lax cookies), or fetch is called without credentials: 'include'. Serve the page and the " +
  "API under the same host name, send every request with credentials: 'include', then start a new flow.";

export class OryCaller {
  constructor(
    readonly clients: OryClients,
    private readonly credentials: CallerCredentials,
    private readonly cookieSink: CookieSink,
    private readonly scope: CallScope,
    private readonly device: ClientDevice,
    /** Throws when this request may not use native flows. */
    readonly assertNativeAllowed: NativeFlowPolicy,
  ) {}

  /** How the caller authenticates: a session token wins over cookies (contract §1). */
  get mode(): CallMode {
    return this.credentials.sessionToken === null && this.credentials.oryCookies !== null
      ? 'browser'
      : 'native';
  }

  /**
   * The mode of a flow submission. The flow's type is not known before Ory answers, so a caller with Ory cookies
   * submits as a browser only when it also sends the flow's CSRF token; otherwise the cookies stay behind, because
   * Ory refuses native (API) flows that carry cookies. A browser flow submitted without its token fails Ory's
   * CSRF check either way.
   */
  submitMode(csrfToken: string | null | undefined): CallMode {
    const browserFlow = csrfToken != null && csrfToken !== '';
    // Only browser flows have a CSRF token (native flows' is empty), and Ory checks it against its CSRF cookie:
    // without any Ory cookie the submission cannot pass, and Ory's own answer would blame the token.
    if (browserFlow && this.credentials.oryCookies === null) {
      throw apiError(ErrorCode.CSRF_VIOLATION, NO_ORY_COOKIES);
    }
    const mode = this.mode === 'browser' && browserFlow ? 'browser' : 'native';
    if (mode === 'native') this.assertNativeAllowed();
    return mode;
  }

  /** The mode of a new flow, as the client asked for it (native flows are refused to browsers in production). */
  flowMode(requested: CallMode): CallMode {
    if (requested === 'native') this.assertNativeAllowed();
    return requested;
  }

  /** Whether the caller presented any credential Ory could recognise. */
  get hasCredentials(): boolean {
    return this.credentials.sessionToken !== null || this.credentials.oryCookies !== null;
  }

  /** The session token, for the few SDK calls that take it in the body (native logout). */
  get sessionToken(): string | null {
    return this.credentials.sessionToken;
  }

  /**
   * Request options carrying the caller's credential for a call in `mode` (one kind, never both), the end
   * user's device for Ory's session records, and the timeout of this call.
   */
  private options(
    mode: CallMode,
    extraHeaders: Readonly<Record<string, string>>,
    traceHeaders: Readonly<Record<string, string>>,
    timeout: number,
  ): RawAxiosRequestConfig {
    const { sessionToken, oryCookies } = this.credentials;
    const headers: Record<string, string> = { ...extraHeaders, ...traceHeaders };
    if (mode === 'native' && sessionToken !== null) headers['X-Session-Token'] = sessionToken;
    if (mode === 'browser' && oryCookies !== null) headers.Cookie = oryCookies;
    if (this.device.ip !== null) headers['X-Forwarded-For'] = this.device.ip;
    if (this.device.userAgent !== null) headers['User-Agent'] = this.device.userAgent;
    return { headers, timeout };
  }

  /**
   * Runs one frontend-API call with the caller's credential for `mode`. Cookies Ory sets are relayed for
   * browser calls only (native flows set no cookie); failures are thrown as OryErrors for the caller to map.
   */
  async call<T>(
    operation: string,
    mode: CallMode,
    run: (options: RawAxiosRequestConfig) => Promise<AxiosResponse<T>>,
    options: CallOptions = {},
  ): Promise<AxiosResponse<T>> {
    if (options.requiresSession === true && !this.hasCredentials) throw apiError(ErrorCode.UNAUTHENTICATED);
    try {
      const response = await this.clients.transport.call(
        {
          api: 'frontend',
          operation,
          run: (timeout, traceHeaders) =>
            run(this.options(mode, options.headers ?? {}, traceHeaders, timeout)),
          shape: options.shape ?? 'object',
          idempotent: options.idempotent ?? false,
        },
        this.scope,
      );
      if (mode === 'browser') this.cookieSink.relay(setCookiesOf(response.headers['set-cookie']));
      return response;
    } catch (error) {
      if (error instanceof OryError && mode === 'browser') this.cookieSink.relay(error.setCookies);
      throw error;
    }
  }

  /** A call whose every failure is an error of the contract (no outcome union): returns Ory's response. */
  async fetch<T>(
    operation: string,
    mode: CallMode,
    run: (options: RawAxiosRequestConfig) => Promise<AxiosResponse<T>>,
    options: CallOptions = {},
  ): Promise<AxiosResponse<T>> {
    try {
      return await this.call(operation, mode, run, options);
    } catch (error) {
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }

  /** Like `fetch`, returning only the body. */
  async read<T>(
    operation: string,
    mode: CallMode,
    run: (options: RawAxiosRequestConfig) => Promise<AxiosResponse<T>>,
    options: CallOptions = {},
  ): Promise<T> {
    return (await this.fetch(operation, mode, run, options)).data;
  }
}
