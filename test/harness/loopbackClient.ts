/**
 * A GraphQL client that connects from its own loopback address (127.0.0.2, 127.0.0.3, ...; Linux routes all of
 * 127.0.0.0/8 to the loopback interface). A proxy in front of the facade sees each such client at a different TCP
 * address, as it sees real clients, so tests can tell clients apart without trusting a header they send.
 */
import { Agent, fetch, type Headers } from 'undici';
import type { CookieJar } from './cookieJar';
import { ADMIN_TOKEN } from './facade';

export interface LoopbackRequestOptions {
  /** Sent as `X-Session-Token`. */
  token?: string;
  /** Sends `Authorization: Bearer <ADMIN_TOKEN>`. */
  admin?: boolean;
  /** A browser's cookie jar: its cookies are sent, and the response's `Set-Cookie` headers stored in it. */
  jar?: CookieJar;
  headers?: Record<string, string>;
}

export interface LoopbackResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are untyped JSON, asserted field by field
  data: Record<string, any> | null | undefined;
  errors: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> | undefined;
  extensions: Record<string, unknown> | undefined;
  /** Every `Set-Cookie` header of the response, one entry per header. */
  setCookies: string[];
}

export interface LoopbackClient {
  gql(
    query: string,
    variables?: Record<string, unknown>,
    options?: LoopbackRequestOptions,
  ): Promise<LoopbackResponse>;
  close(): Promise<void>;
}

/** A client of `url` (a `/graphql` endpoint) whose connections come from `address`. */
export function loopbackClient(url: string, address: string): LoopbackClient {
  const dispatcher = new Agent({ localAddress: address });
  return {
    async gql(query, variables = {}, options = {}) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', ...options.headers };
      if (options.token !== undefined) headers['X-Session-Token'] = options.token;
      if (options.admin === true) headers.Authorization = `Bearer ${ADMIN_TOKEN}`;
      const cookie = options.jar?.header();
      if (cookie !== undefined && cookie !== '') headers.Cookie = cookie;
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
        dispatcher,
      });
      const setCookies = response.headers.getSetCookie();
      options.jar?.store(setCookies);
      const body = (await response.json()) as Pick<LoopbackResponse, 'data' | 'errors' | 'extensions'>;
      return {
        status: response.status,
        headers: response.headers,
        data: body.data,
        errors: body.errors,
        extensions: body.extensions,
        setCookies,
      };
    },
    close: () => dispatcher.close(),
  };
}
