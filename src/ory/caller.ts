/**
 * OryCaller: Ory's frontend API as seen by one caller. Created per request and bound to that caller's
 * credentials, it decides which credential each call carries (a session token for native calls, Ory's cookies
 * for browser calls, never both), and relays the cookies Ory sets on browser calls back to the client.
 */
import type { AxiosResponse, RawAxiosRequestConfig } from 'axios';
import { callOry, type ResponseShape } from './call';
import type { OryClients } from './clients';
import { OryError, setCookiesOf } from './oryError';
import { fromOryError } from '../errors';

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

export class OryCaller {
  constructor(
    readonly clients: OryClients,
    private readonly credentials: CallerCredentials,
    private readonly cookieSink: CookieSink,
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
    return this.mode === 'browser' && csrfToken != null && csrfToken !== '' ? 'browser' : 'native';
  }

  /** Whether the caller presented any credential Ory could recognise. */
  get hasCredentials(): boolean {
    return this.credentials.sessionToken !== null || this.credentials.oryCookies !== null;
  }

  /** The session token, for the few SDK calls that take it in the body (native logout). */
  get sessionToken(): string | null {
    return this.credentials.sessionToken;
  }

  /** Request options carrying the caller's credential for a call in `mode`: one kind, never both. */
  private options(mode: CallMode, extraHeaders: Record<string, string>): RawAxiosRequestConfig {
    const { sessionToken, oryCookies } = this.credentials;
    const headers: Record<string, string> = { ...extraHeaders };
    if (mode === 'native' && sessionToken !== null) headers['X-Session-Token'] = sessionToken;
    if (mode === 'browser' && oryCookies !== null) headers.Cookie = oryCookies;
    return { headers };
  }

  /**
   * Runs one frontend-API call with the caller's credential for `mode`. Cookies Ory sets are relayed for
   * browser calls only (native flows set no cookie); failures are thrown as OryErrors for the caller to map.
   */
  async call<T>(
    operation: string,
    mode: CallMode,
    run: (options: RawAxiosRequestConfig) => Promise<AxiosResponse<T>>,
    shape: ResponseShape = 'object',
    extraHeaders: Record<string, string> = {},
  ): Promise<AxiosResponse<T>> {
    try {
      const response = await callOry(
        'frontend',
        operation,
        () => run(this.options(mode, extraHeaders)),
        shape,
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
    shape: ResponseShape = 'object',
  ): Promise<AxiosResponse<T>> {
    try {
      return await this.call(operation, mode, run, shape);
    } catch (error) {
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }

  /** Like `fetch`, returning only the body. */
  async read<T>(
    operation: string,
    mode: CallMode,
    run: (options: RawAxiosRequestConfig) => Promise<AxiosResponse<T>>,
    shape: ResponseShape = 'object',
  ): Promise<T> {
    return (await this.fetch(operation, mode, run, shape)).data;
  }
}
