/**
 * The Ory SDK clients, created once per server: one keep-alive connection pool per scheme, shared by every
 * request. Credentials are never baked into these clients (except the admin key, on the admin client only);
 * per-request wrappers pass the caller's session token or cookies call by call.
 *
 * The SDK builds each request (path, query, headers, JSON body) and hands it to `axios.request`; that one call is
 * answered here by undici's dispatcher instead of axios's own pipeline, which costs several times more CPU than
 * the request itself (config merging, header normalisation, transforms, its http adapter); undici's pool also
 * costs about a quarter less CPU per call than node:http's client. What the facade relies on is kept: keep-alive
 * pools, no redirects followed, response size and header limits, per-call timeouts, JSON parsing of Ory's
 * answers, and failures shaped as axios errors (`toOryError` reads those).
 */
import type { IncomingHttpHeaders } from 'node:http';
import axios, {
  AxiosError,
  AxiosHeaders,
  type AxiosInstance,
  type AxiosRequestConfig,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { Configuration, CourierApi, FrontendApi, IdentityApi } from '@ory/client';
import { Agent, type Dispatcher } from 'undici';
import type { ServerConfig } from '../config';
import { OryTransport, type CallObserver } from './transport';

/** Ory answers are small; anything larger than this is refused rather than buffered. */
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/**
 * Kratos repeats every requested id in its `Link` header: a list of 500 identities by id comes with two links of
 * about 20 KB each, beyond Node's default limit of 16 KB for response headers.
 */
const MAX_RESPONSE_HEADER_BYTES = 64 * 1024;

/** Sent on every call unless the call sets its own (the end user's `User-Agent`, for Ory's session devices). */
const DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  'user-agent': 'ory-graphql',
  accept: 'application/json',
};

/**
 * Responses never carry the request's config: its headers hold cookies, session tokens or the admin key, and
 * errors built from responses end up in logs (axios#2648).
 */
const NO_CONFIG: InternalAxiosRequestConfig = { headers: new AxiosHeaders() };

export interface OryClients {
  /** Ory's frontend API (public URL), for self-service flows and sessions. */
  frontend: FrontendApi;
  /** The identity schema endpoints, which are public: served from the public URL, without the admin key. */
  schemas: IdentityApi;
  /** Ory's admin API (admin URL), carrying the admin key. Only reachable through admin-gated resolvers. */
  admin: IdentityApi;
  /** Ory's courier (admin URL, admin key), for the messages Ory sent. */
  courier: CourierApi;
  /** Timeouts, retries and circuit breakers around every call. */
  transport: OryTransport;
  /** Closes the keep-alive connections (on shutdown and in tests). */
  close(): void;
}

/** The request headers: defaults, then the SDK's and the caller's, names lower-cased so none is sent twice. */
function requestHeaders(config: AxiosRequestConfig): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { ...DEFAULT_HEADERS };
  const given = config.headers;
  if (given !== undefined) {
    for (const [name, value] of Object.entries(given)) {
      if (typeof value === 'string') headers[name.toLowerCase()] = value;
      else if (typeof value === 'number') headers[name.toLowerCase()] = String(value);
      else if (Array.isArray(value)) headers[name.toLowerCase()] = value.map(String);
    }
  }
  return headers;
}

/** The body as the SDK serialised it (a JSON string); anything else is serialised here. */
function requestBody(data: unknown): string | undefined {
  if (data === undefined || data === null || data === '') return undefined;
  return typeof data === 'string' ? data : JSON.stringify(data);
}

/** Ory's JSON answer, or the text as it came when it is not JSON (as axios does; the transport refuses it). */
function parse(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function failure(message: string, code: string, response?: AxiosResponse<unknown>): AxiosError {
  return new AxiosError(message, code, undefined, undefined, response);
}

/** `http://host:port/path?query` as undici wants it: the origin, and the path with its query. */
function splitUrl(url: string): { origin: string; path: string } {
  const authority = url.indexOf('//');
  const slash = authority < 0 ? -1 : url.indexOf('/', authority + 2);
  return slash < 0 ? { origin: url, path: '/' } : { origin: url.slice(0, slash), path: url.slice(slash) };
}

/**
 * One Ory call through undici's keep-alive pool, at its lowest level (`dispatch`): the request the SDK built, a
 * timeout over the whole exchange (`config.timeout`, ms), an abort signal if one is given, and 2xx answers only
 * (like axios's default). A failure before anything reaches the network (an invalid header, say) keeps undici's
 * own code, which `toOryError` counts as ours, not Ory's.
 */
function send(config: AxiosRequestConfig, dispatcher: Dispatcher): Promise<AxiosResponse<unknown>> {
  return new Promise((resolve, reject) => {
    const { origin, path } = splitUrl(config.url ?? '');
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let controller: Dispatcher.DispatchController | undefined;
    const fail = (error: AxiosError): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      controller?.abort(error);
      reject(error);
    };
    const chunks: Buffer[] = [];
    let size = 0;
    let status = 0;
    let statusText = '';
    let headers: IncomingHttpHeaders = {};
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        // Timed out (or cancelled) while waiting for a connection: never send it.
        if (settled) started.abort(failure('canceled', AxiosError.ERR_CANCELED));
      },
      onResponseStart(_controller, statusCode, responseHeaders, statusMessage) {
        status = statusCode;
        headers = responseHeaders;
        statusText = statusMessage ?? '';
      },
      onResponseData(_controller, chunk) {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          fail(
            failure(`maxContentLength size of ${MAX_RESPONSE_BYTES} exceeded`, AxiosError.ERR_BAD_RESPONSE),
          );
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        if (settled) return;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        const response: AxiosResponse<unknown> = {
          data: parse(Buffer.concat(chunks).toString('utf8')),
          status,
          statusText,
          headers,
          config: NO_CONFIG,
        };
        if (status >= 200 && status < 300) resolve(response);
        else
          reject(
            failure(
              `Request failed with status code ${status}`,
              status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
              response,
            ),
          );
      },
      onResponseError(_controller, error: Error & { code?: string }) {
        if (error instanceof AxiosError) fail(error);
        else fail(failure(error.message, error.code ?? AxiosError.ERR_NETWORK));
      },
    };
    const { timeout, signal } = config;
    if (signal?.aborted === true) {
      reject(failure('canceled', AxiosError.ERR_CANCELED));
      return;
    }
    if (timeout !== undefined && timeout > 0) {
      timer = setTimeout(() => {
        fail(failure(`timeout of ${timeout}ms exceeded`, AxiosError.ECONNABORTED));
      }, timeout);
    }
    signal?.addEventListener?.('abort', () => {
      fail(failure('canceled', AxiosError.ERR_CANCELED));
    });
    try {
      dispatcher.dispatch(
        {
          origin,
          path,
          method: (config.method ?? 'get').toUpperCase(),
          headers: requestHeaders(config),
          body: requestBody(config.data) ?? null,
          // The timer above bounds the whole exchange; undici's own timeouts would only race it.
          headersTimeout: 0,
          bodyTimeout: 0,
        },
        handler,
      );
    } catch (error) {
      fail(failure(error instanceof Error ? error.message : 'dispatch failed', localCode(error)));
    }
  });
}

/** undici's code for a request it refused to send (e.g. `UND_ERR_INVALID_ARG`), or a generic local one. */
function localCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : 'ERR_BAD_OPTION';
}

/**
 * An axios instance whose `request` (the only method the SDK calls, besides reading `defaults.baseURL`) is the
 * lean client above.
 */
function lean(dispatcher: Dispatcher): AxiosInstance {
  return Object.assign(axios.create({ maxRedirects: 0 }), {
    request: (config: AxiosRequestConfig): Promise<AxiosResponse<unknown>> => send(config, dispatcher),
  });
}

export function createOryClients(config: ServerConfig, observer?: CallObserver): OryClients {
  // One pool per origin (public, admin), up to 128 connections each, kept alive between calls. undici never
  // follows redirects unless told to.
  const dispatcher = new Agent({ connections: 128, maxHeaderSize: MAX_RESPONSE_HEADER_BYTES });
  const client = lean(dispatcher);
  const { publicUrl, adminUrl } = config.ory;
  // The admin key is set on the admin configuration only: the SDK attaches it to /admin/* operations.
  const adminConfiguration = new Configuration({
    basePath: adminUrl,
    accessToken: config.oryApiKey ?? undefined,
  });

  return {
    frontend: new FrontendApi(new Configuration({ basePath: publicUrl }), publicUrl, client),
    schemas: new IdentityApi(new Configuration({ basePath: publicUrl }), publicUrl, client),
    admin: new IdentityApi(adminConfiguration, adminUrl, client),
    courier: new CourierApi(adminConfiguration, adminUrl, client),
    transport: new OryTransport({
      timeoutMs: config.oryTimeoutMs,
      breakerResetMs: config.breakerResetMs,
      ...(observer === undefined ? {} : { observer }),
    }),
    close() {
      this.transport.shutdown();
      void dispatcher.destroy();
    },
  };
}
