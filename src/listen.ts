/**
 * The HTTP listener of the facade, with the timeouts that keep slow or idle clients from holding connections:
 * request headers must arrive within HEADERS_TIMEOUT_MS and the whole request within REQUEST_TIMEOUT_MS (Node
 * answers 408 and closes the connection), and Node checks those deadlines every second instead of every 30.
 */
import { createServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import type { Config } from './config';

/** Above the usual 60 s idle timeout of load balancers, so they never reuse a connection the facade closed. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** How often Node looks for requests past their header or request deadline. */
const CONNECTIONS_CHECKING_INTERVAL_MS = 1000;

/**
 * The options of `http.createServer` (or `https.createServer`) that cut slow clients off: exported for library
 * users, whose own servers get them this way (`http.createServer(httpServerOptions(config), app)`).
 */
export function httpServerOptions(config: Pick<Config, 'http'>): ServerOptions {
  return {
    headersTimeout: config.http.headersTimeoutMs,
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
  };
}

export async function listen(
  app: RequestListener,
  config: Pick<Config, 'http'>,
  port: number,
  host?: string,
): Promise<Server> {
  const server = createServer(httpServerOptions(config), app);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
    server.listen(port, host);
  });
  return server;
}
