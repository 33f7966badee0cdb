/**
 * A recording, fault-injecting reverse proxy for runs against a real Ory. It forwards every request to Ory and
 * logs it in the emulator's request-log format (secrets as fingerprints), so call-count assertions work against
 * real Kratos; and it takes the emulator's fault rules (`emulator/faults`: delays, hangs, resets, 5xx and 429
 * answers, garbage bodies, a closed port), so the facade's timeouts, retries and breakers are proven against the
 * real thing. With `captureResponses`, it also keeps what Ory answered, for the emulator-vs-Kratos comparison.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { FaultRegistry, type ListenerSwitch } from '../../emulator/faults/faultRegistry';
import { injectFault } from '../../emulator/faults/injectFault';
import { routedPath } from '../../emulator/http/adminPrefix';
import { destroyByEmulator } from '../../emulator/http/emulatorClosedSockets';
import { recordHeaders, recordQuery, type RequestLogEntry } from '../../emulator/requestLog';
import type { Faults } from '../../emulator';

type ListenerName = 'public' | 'admin';

/** What Ory answered one request (kept with `captureResponses`). */
export interface CapturedAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface ProxiedCall extends RequestLogEntry {
  answer?: CapturedAnswer;
}

export interface RecordingProxy {
  publicUrl: string;
  adminUrl: string;
  /** Requests received since the last `resetCalls()`, oldest first. */
  calls(): ProxiedCall[];
  resetCalls(): void;
  faults: Faults;
  close(): Promise<void>;
}

/**
 * A list of 500 identities by id puts about 20 KB of ids into the request line, and Kratos repeats them in its
 * `Link` header (up to about 41 KB): more than Node's 16 KB default in both directions (Go allows 1 MB).
 */
const MAX_HEADER_BYTES = 64 * 1024;

/** Headers about one hop's connection: never forwarded (the body is re-sent whole, with its own length). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

/** Forwards one request and writes Ory's answer whole (so faults can capture, delay or cut it). */
function forward(
  target: URL,
  agent: http.Agent,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  call: ProxiedCall,
  capture: boolean,
): Promise<void> {
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const upstream = client.request(
      new URL(req.url ?? '/', target),
      {
        method: req.method,
        headers: { ...req.headers, host: target.host },
        agent,
        maxHeaderSize: MAX_HEADER_BYTES,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', () => {
          res.destroy();
          resolve();
        });
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          const status = answer.statusCode ?? 502;
          for (const [name, value] of Object.entries(answer.headers)) {
            if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
          }
          res.setHeader('content-length', body.length);
          call.status = status;
          if (capture) call.answer = { status, headers: answer.headers, body };
          res.writeHead(status);
          res.end(body);
          resolve();
        });
      },
    );
    upstream.on('error', () => {
      res.destroy();
      resolve();
    });
    req.pipe(upstream);
  });
}

interface ProxyListener extends ListenerSwitch {
  url: string;
  close(): Promise<void>;
}

async function listen(
  name: ListenerName,
  target: URL,
  log: ProxiedCall[],
  faults: FaultRegistry,
  capture: boolean,
): Promise<ProxyListener> {
  const agent = new http.Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const fault = faults.take(name, method, routedPath(name, url.pathname));
    const call: ProxiedCall = {
      listener: name,
      method,
      path: url.pathname,
      query: recordQuery(url.searchParams),
      status: 0,
      headers: recordHeaders(req.headers),
      ...(fault === undefined ? {} : { fault: { id: fault.id, kind: fault.rule.kind } }),
    };
    log.push(call);
    const serve = (): Promise<void> => forward(target, agent, req, res, call, capture);
    const handled = fault === undefined ? serve() : injectFault(fault, { req, res, entry: call, serve });
    handled.catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const bind = (port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await bind(0);
  const { port } = server.address() as AddressInfo;
  const dropConnections = (): void => {
    for (const socket of sockets) destroyByEmulator(socket);
  };
  return {
    url: `http://127.0.0.1:${port}`,
    // A `closed` fault: refuse connections (same port afterwards, so the URLs handed out stay valid).
    suspend: () => {
      server.close();
      dropConnections();
    },
    resume: () => bind(port),
    close: async () => {
      agent.destroy();
      await new Promise((resolve) => {
        server.close(resolve);
        dropConnections();
      });
    },
  };
}

export async function startRecordingProxy(
  targets: { public: string; admin: string },
  options: { captureResponses?: boolean } = {},
): Promise<RecordingProxy> {
  const log: ProxiedCall[] = [];
  const capture = options.captureResponses === true;
  // The registry takes each listener off the network and back (`closed` faults); listeners consult it.
  const listeners: Partial<Record<ListenerName, ProxyListener>> = {};
  const switchOf = (name: ListenerName): ListenerSwitch => ({
    suspend: () => listeners[name]?.suspend(),
    resume: () => listeners[name]?.resume() ?? Promise.resolve(),
  });
  const registry = new FaultRegistry({ public: switchOf('public'), admin: switchOf('admin') });
  const pub = await listen('public', new URL(targets.public), log, registry, capture);
  const admin = await listen('admin', new URL(targets.admin), log, registry, capture);
  listeners.public = pub;
  listeners.admin = admin;
  return {
    publicUrl: pub.url,
    adminUrl: admin.url,
    calls: () => [...log],
    resetCalls: () => {
      log.length = 0;
    },
    faults: registry,
    close: async () => {
      await registry.clear();
      await Promise.all([pub.close(), admin.close()]);
    },
  };
}
