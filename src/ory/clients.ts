/**
 * The Ory SDK clients, created once per server: one keep-alive connection pool per scheme, shared by every
 * request. Credentials are never baked into these clients (except the admin key, on the admin client only);
 * per-request wrappers pass the caller's session token or cookies call by call.
 *
 * The SDK builds each request (path, query, headers, JSON body) and hands it to `axios.request`; that one call is
 * answered here by a lean node:http client instead of axios's own pipeline, which costs several times more CPU
 * than the request itself (config merging, header normalisation, transforms, its http adapter). What the facade
 * relies on is kept: the keep-alive agents, no redirects followed, response size and header limits, per-call
 * timeouts, JSON parsing of Ory's answers, and failures shaped as axios errors (`toOryError` reads those).
 */
import http from 'node:http';
import https from 'node:https';
import axios, {
  AxiosError,
  AxiosHeaders,
  type AxiosInstance,
  type AxiosRequestConfig,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { Configuration, CourierApi, FrontendApi, IdentityApi } from '@ory/client';
import type { ServerConfig } from '../config';
import { OryTransport } from './transport';

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
  /** Closes idle keep-alive sockets (on shutdown and in tests). */
  close(): void;
}

/** The request headers: defaults, then the SDK's and the caller's, names lower-cased so none is sent twice. */
function requestHeaders(config: AxiosRequestConfig, body: string | undefined): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = { ...DEFAULT_HEADERS };
  const given = config.headers;
  if (given !== undefined) {
    for (const [name, value] of Object.entries(given)) {
      if (typeof value === 'string' || typeof value === 'number') headers[name.toLowerCase()] = value;
      else if (Array.isArray(value)) headers[name.toLowerCase()] = value.map(String);
    }
  }
  if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
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

/**
 * One Ory call over a keep-alive agent: the request the SDK built, a timeout over the whole exchange
 * (`config.timeout`, ms), an abort signal if one is given, and 2xx answers only (like axios's default).
 */
function send(
  config: AxiosRequestConfig,
  agents: { http: http.Agent; https: https.Agent },
): Promise<AxiosResponse<unknown>> {
  return new Promise((resolve, reject) => {
    const url = config.url ?? '';
    const secure = url.startsWith('https:');
    const body = requestBody(config.data);
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const fail = (error: AxiosError): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      request.destroy();
      reject(error);
    };
    const request = (secure ? https : http).request(
      url,
      {
        method: (config.method ?? 'get').toUpperCase(),
        headers: requestHeaders(config, body),
        agent: secure ? agents.https : agents.http,
        maxHeaderSize: MAX_RESPONSE_HEADER_BYTES,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            fail(
              failure(`maxContentLength size of ${MAX_RESPONSE_BYTES} exceeded`, AxiosError.ERR_BAD_RESPONSE),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('aborted', () => {
          fail(failure('stream has been aborted', AxiosError.ERR_BAD_RESPONSE));
        });
        res.on('error', (error: NodeJS.ErrnoException) => {
          fail(failure(error.message, error.code ?? AxiosError.ERR_BAD_RESPONSE));
        });
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) {
            fail(failure('stream has been aborted', AxiosError.ERR_BAD_RESPONSE));
            return;
          }
          settled = true;
          if (timer !== undefined) clearTimeout(timer);
          const status = res.statusCode ?? 0;
          const response: AxiosResponse<unknown> = {
            data: parse(Buffer.concat(chunks).toString('utf8')),
            status,
            statusText: res.statusMessage ?? '',
            headers: res.headers,
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
        });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      fail(failure(error.message, error.code ?? AxiosError.ERR_NETWORK));
    });
    const { timeout, signal } = config;
    if (timeout !== undefined && timeout > 0) {
      timer = setTimeout(() => {
        fail(failure(`timeout of ${timeout}ms exceeded`, AxiosError.ECONNABORTED));
      }, timeout);
    }
    if (signal !== undefined) {
      if (signal.aborted) fail(failure('canceled', AxiosError.ERR_CANCELED));
      else
        signal.addEventListener?.('abort', () => {
          fail(failure('canceled', AxiosError.ERR_CANCELED));
        });
    }
    request.end(body);
  });
}

/**
 * An axios instance whose `request` (the only method the SDK calls, besides reading `defaults.baseURL`) is the
 * lean client above.
 */
function lean(agents: { http: http.Agent; https: https.Agent }): AxiosInstance {
  return Object.assign(axios.create({ maxRedirects: 0 }), {
    request: (config: AxiosRequestConfig): Promise<AxiosResponse<unknown>> => send(config, agents),
  });
}

export function createOryClients(config: ServerConfig): OryClients {
  const agentOptions = { keepAlive: true, maxSockets: 128, maxFreeSockets: 32 };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const client = lean(agents);
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
    transport: new OryTransport({ timeoutMs: config.oryTimeoutMs, breakerResetMs: config.breakerResetMs }),
    close() {
      this.transport.shutdown();
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
