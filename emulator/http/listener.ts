/**
 * One HTTP listener (public or admin) with the middleware Kratos puts in front of its routers:
 * request logging, `Cache-Control: private, no-cache, no-store, must-revalidate` on every GET, the
 * admin `/admin` prefix, the 5 MB body limit, and Go-mux 404/405 answers. Sockets are tracked so
 * `close()` never waits for idle keep-alive connections. Test-only hooks: fault rules
 * (`emulator/faults`) are consulted before routing, accepted connections are counted, and the
 * listener can be taken off the network and back (`suspend`/`resume`, the `closed` fault).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { applyCsrfMiddleware } from '../csrf/csrf';
import type { EmulatorDeps } from '../deps';
import { EMULATOR_PATH_PREFIX } from '../emulatorRoutes';
import type { AppliedFault, ListenerSwitch } from '../faults/faultRegistry';
import { injectFault } from '../faults/injectFault';
import { recordHeaders, recordQuery, type RequestLogEntry } from '../requestLog';
import { routedPath } from './adminPrefix';
import type { ConnectionCounter } from './connectionCounter';
import { BODY_LIMIT_BYTES, BodyTooLargeError } from './body';
import { destroyByEmulator } from './emulatorClosedSockets';
import { HerodotError, internalError } from './herodotError';
import type { ListenerName, RequestContext } from './requestContext';
import { sendError, sendPlainText } from './respond';
import type { Router } from './router';

const NO_CACHE = 'private, no-cache, no-store, must-revalidate';

export interface Listener extends ListenerSwitch {
  readonly port: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > BODY_LIMIT_BYTES) {
      req.resume();
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

export type DepsProvider = () => Promise<{ deps: EmulatorDeps; router: Router }>;

async function handle(
  listener: ListenerName,
  provide: DepsProvider,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { deps, router } = await provide();
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  const path = routedPath(listener, url.pathname);

  let entry: RequestLogEntry | undefined;
  let fault: AppliedFault | undefined;
  // The emulator's own endpoints are neither logged nor faulted (a catch-all rule must not lock a
  // test out of the control API).
  if (!path.startsWith(EMULATOR_PATH_PREFIX)) {
    fault = deps.faults.take(listener, method, path);
    entry = {
      listener,
      method,
      path: url.pathname,
      query: recordQuery(url.searchParams),
      status: 0,
      headers: recordHeaders(req.headers),
      ...(fault === undefined ? {} : { fault: { id: fault.id, kind: fault.rule.kind } }),
    };
    deps.requestLog.add(entry);
  }
  const exchange: Exchange = { listener, deps, router, req, res, url, method, path, entry };
  if (fault !== undefined && entry !== undefined) {
    await injectFault(fault, { req, res, entry, serve: () => serve(exchange) });
    return;
  }
  await serve(exchange);
}

interface Exchange {
  readonly listener: ListenerName;
  readonly deps: EmulatorDeps;
  readonly router: Router;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly method: string;
  readonly path: string;
  readonly entry: RequestLogEntry | undefined;
}

/** Normal handling: Kratos' middleware, then the router. */
async function serve({
  listener,
  deps,
  router,
  req,
  res,
  url,
  method,
  path,
  entry,
}: Exchange): Promise<void> {
  let body: Promise<Buffer> | undefined;
  const baseCtx = {
    req,
    res,
    listener,
    path,
    originalPath: url.pathname,
    rawQuery: url.search.replace(/^\?/, ''),
    query: url.searchParams,
    deps,
    body: () => (body ??= readBody(req)),
    onRespond: (status: number) => {
      if (entry) entry.status = status;
    },
  };
  if (method === 'GET') res.setHeader('Cache-Control', NO_CACHE);
  // nosurf wraps Kratos' whole public router, unknown paths included.
  if (listener === 'public' && !(await applyCsrfMiddleware({ ...baseCtx, params: {} }))) return;

  const match = router.match(method, path);
  if (match.kind === 'not-found') {
    sendPlainText({ ...baseCtx, params: {} }, 404, '404 page not found');
    return;
  }
  if (match.kind === 'method-not-allowed') {
    sendPlainText({ ...baseCtx, params: {} }, 405, 'Method Not Allowed', { Allow: match.allow.join(', ') });
    return;
  }
  const ctx: RequestContext = { ...baseCtx, params: match.params };
  try {
    await match.handler(ctx);
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(
      ctx,
      error instanceof HerodotError
        ? error
        : internalError(error instanceof Error ? error.message : String(error)),
    );
  }
}

const GO_MAX_HEADER_BYTES = (1 << 20) + 4096;

export async function startListener(
  listener: ListenerName,
  host: string,
  port: number,
  connections: ConnectionCounter,
  provide: DepsProvider,
): Promise<Listener> {
  const sockets = new Set<Socket>();
  // Go's `http.DefaultMaxHeaderBytes` (1 MiB, plus net/http's 4 KiB slack) instead of Node's 16 KiB:
  // Kratos accepts e.g. `GET /admin/identities?ids=...` with 500 ids (a ~20 KB request line).
  const server: Server = createServer({ maxHeaderSize: GO_MAX_HEADER_BYTES }, (req, res) => {
    handle(listener, provide, req, res).catch(() => {
      res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    connections.opened(listener);
  });
  const listen = (onPort: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(onPort, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(port);
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('listener has no TCP address');
  const boundPort = address.port;

  let suspended = false;
  let stopped = false;
  let resuming: Promise<void> | undefined;
  return {
    port: boundPort,
    suspend: () => {
      if (stopped || suspended) return;
      suspended = true;
      // Closing the listening handle is synchronous: the next connect attempt is refused.
      server.close();
      for (const socket of sockets) destroyByEmulator(socket);
    },
    resume: () => {
      if (stopped || !suspended) return resuming ?? Promise.resolve();
      suspended = false;
      // The same port again, so the base URLs handed out stay valid.
      resuming = listen(boundPort).finally(() => {
        resuming = undefined;
      });
      return resuming;
    },
    close: async () => {
      stopped = true;
      // A re-listen still in flight would otherwise leave the port open after close().
      await resuming?.catch(() => undefined);
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const socket of sockets) destroyByEmulator(socket);
      });
    },
  };
}
