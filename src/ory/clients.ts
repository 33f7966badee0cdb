/**
 * The Ory SDK clients, created once per server: one keep-alive connection pool per Ory API, shared by every
 * request. Credentials are never baked into these clients (except the admin key, on the admin client only);
 * per-request wrappers pass the caller's session token or cookies call by call.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
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

/** Node's own http(s).request with a larger response-header limit (axios has no option for it). */
const largeHeaderTransport = {
  request(options: https.RequestOptions, callback: (res: http.IncomingMessage) => void): http.ClientRequest {
    const request = options.protocol === 'https:' ? https.request : http.request;
    return request({ ...options, maxHeaderSize: MAX_RESPONSE_HEADER_BYTES }, callback);
  },
};

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

function transport(config: ServerConfig, httpAgent: http.Agent, httpsAgent: https.Agent): AxiosInstance {
  return axios.create({
    httpAgent,
    httpsAgent,
    // Ory answers browser-style requests with redirects; the facade always wants Ory's JSON answer instead.
    maxRedirects: 0,
    transport: largeHeaderTransport,
    maxContentLength: MAX_RESPONSE_BYTES,
    maxBodyLength: MAX_RESPONSE_BYTES,
    headers: { 'User-Agent': 'ory-graphql', Accept: 'application/json' },
  });
}

export function createOryClients(config: ServerConfig): OryClients {
  const agentOptions = { keepAlive: true, maxSockets: 128, maxFreeSockets: 32 };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  const publicTransport = transport(config, httpAgent, httpsAgent);
  const adminTransport = transport(config, httpAgent, httpsAgent);
  const { publicUrl, adminUrl } = config.ory;
  // The admin key is set on the admin configuration only: the SDK attaches it to /admin/* operations.
  const adminConfiguration = new Configuration({
    basePath: adminUrl,
    accessToken: config.oryApiKey ?? undefined,
  });

  return {
    frontend: new FrontendApi(new Configuration({ basePath: publicUrl }), publicUrl, publicTransport),
    schemas: new IdentityApi(new Configuration({ basePath: publicUrl }), publicUrl, publicTransport),
    admin: new IdentityApi(adminConfiguration, adminUrl, adminTransport),
    courier: new CourierApi(adminConfiguration, adminUrl, adminTransport),
    transport: new OryTransport({ timeoutMs: config.oryTimeoutMs, breakerResetMs: config.breakerResetMs }),
    close() {
      this.transport.shutdown();
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
