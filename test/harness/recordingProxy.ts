/**
 * A recording reverse proxy for runs against a real Ory: it forwards every request unchanged and logs it in the
 * emulator's request-log format (secrets as fingerprints), so call-count assertions work against real Kratos.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { fingerprint } from '../../emulator';
import type { UpstreamCall } from './oryBackend';

function recordHeaders(headers: http.IncomingHttpHeaders): Record<string, unknown> {
  const recorded: Record<string, unknown> = {};
  const token = headers['x-session-token'];
  if (typeof token === 'string') recorded['x-session-token'] = fingerprint(token);
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const [scheme = '', credential = ''] = authorization.split(' ');
    recorded.authorization = `${scheme} ${fingerprint(credential)}`;
  }
  if (typeof headers.cookie === 'string') {
    recorded.cookie = headers.cookie.split(';').map((pair) => {
      const [name = '', ...value] = pair.trim().split('=');
      return { name, value: fingerprint(value.join('=')) };
    });
  }
  for (const name of ['origin', 'content-type', 'accept', 'user-agent', 'x-forwarded-for', 'cache-control']) {
    if (headers[name] !== undefined) recorded[name] = headers[name];
  }
  return recorded;
}

async function listen(
  target: string,
  listener: UpstreamCall['listener'],
  log: UpstreamCall[],
): Promise<{ server: http.Server; url: string }> {
  const upstream = new URL(target);
  const client = upstream.protocol === 'https:' ? https : http;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', upstream);
    log.push({
      listener,
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: recordHeaders(req.headers),
    });
    const forward = client.request(
      url,
      { method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      res.destroy();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

export async function startRecordingProxy(publicTarget: string, adminTarget: string) {
  const log: UpstreamCall[] = [];
  const pub = await listen(publicTarget, 'public', log);
  const admin = await listen(adminTarget, 'admin', log);
  return {
    publicUrl: pub.url,
    adminUrl: admin.url,
    calls: () => [...log],
    resetCalls: () => {
      log.length = 0;
    },
    close: async () => {
      for (const server of [pub.server, admin.server]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}
