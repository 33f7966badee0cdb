/**
 * The physical limit: a raw node:http proxy that makes exactly the Ory calls the facade makes for each scenario
 * (keep-alive agent, calls in parallel where the facade may make them in parallel) and answers the same JSON.
 * No GraphQL, no validation beyond parsing the body: what is left is the cost of HTTP in, HTTP out and JSON.
 */
import http from 'node:http';
import type { Json } from '../lib/json';

const [port, publicUrl, adminUrl] = [Number(process.argv[2]), process.argv[3]!, process.argv[4]!];
// `timeout`: an idle pooled socket is closed after 4 s, before the emulator's 5 s keep-alive timeout closes it from
// its side; otherwise a request can go out on a socket the server is closing that instant (ECONNRESET, seen
// in S7 after the proxy sat idle during the facade's rounds). The facade's undici pool does the same.
const agent = new http.Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 128, timeout: 4_000 });
const MAX_HEADER = 64 * 1024;

interface Answer {
  status: number;
  body: unknown;
}

function call(
  base: string,
  path: string,
  headers: http.OutgoingHttpHeaders = {},
  method = 'GET',
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      base + path,
      {
        method,
        agent,
        maxHeaderSize: MAX_HEADER,
        headers: {
          accept: 'application/json',
          ...headers,
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function credentials(req: http.IncomingMessage): http.OutgoingHttpHeaders {
  const token = req.headers['x-session-token'];
  if (typeof token === 'string') return { 'x-session-token': token };
  return req.headers.cookie === undefined ? {} : { cookie: req.headers.cookie };
}

const routes: Record<string, (req: http.IncomingMessage, input: Json) => Promise<unknown>> = {
  // S1, S7: { me { id active expiresAt identity { id traits } } }
  async '/me'(req) {
    const { status, body } = await call(publicUrl, '/sessions/whoami', credentials(req));
    if (status !== 200) return { data: { me: null } };
    const s = body as Json;
    return {
      data: {
        me: {
          id: s.id,
          active: s.active,
          expiresAt: s.expires_at,
          identity: { id: s.identity.id, traits: s.identity.traits },
        },
      },
    };
  },
  // S2: createLoginFlow, then updateLoginFlow with a password.
  async '/login/create'() {
    const { body } = await call(publicUrl, '/self-service/login/api');
    return { data: { createLoginFlow: { id: (body as Json).id } } };
  },
  async '/login/submit'(_req, input) {
    const v = input.variables;
    const { status, body } = await call(
      publicUrl,
      `/self-service/login?flow=${encodeURIComponent(v.flowId)}`,
      {},
      'POST',
      JSON.stringify({ method: 'password', identifier: v.identifier, password: v.password }),
    );
    if (status !== 200) throw new Error(`login ${status}`);
    const b = body as Json;
    return {
      data: {
        updateLoginFlow: {
          __typename: 'LoginSuccess',
          sessionToken: b.session_token,
          session: { id: b.session.id },
        },
      },
    };
  },
  // S3: identities(first: N) { id traits sessions(first: 5) { nodes { id active expiresAt } } }
  async '/identities-sessions'(_req, input) {
    const first = Number(input.variables.first);
    const { body } = await call(adminUrl, `/admin/identities?page_size=${first}`);
    const identities = body as Json[];
    const sessions = await Promise.all(
      identities.map((identity) =>
        call(adminUrl, `/admin/identities/${identity.id}/sessions?page=1&per_page=5`),
      ),
    );
    return {
      data: {
        identities: {
          nodes: identities.map((identity, i) => ({
            id: identity.id,
            traits: identity.traits,
            sessions: {
              nodes: (sessions[i]!.body as Json[]).map((s) => ({
                id: s.id,
                active: s.active,
                expiresAt: s.expires_at,
              })),
            },
          })),
        },
      },
    };
  },
  // S4: sessions(first: 100) { nodes { id active identity { id traits } } }
  async '/sessions'() {
    const { body } = await call(adminUrl, '/admin/sessions?page_size=100&expand=identity&expand=devices');
    return {
      data: {
        sessions: {
          nodes: (body as Json[]).map((s) => ({
            id: s.id,
            active: s.active,
            identity: { id: s.identity.id, traits: s.identity.traits },
          })),
        },
      },
    };
  },
  // S5: _entities(representations) { ... on Identity { id traits } }, 500 ids per call.
  async '/entities'(_req, input) {
    const ids = (input.variables.representations as Json[]).map((r) => String(r.id));
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += 500) chunks.push(ids.slice(i, i + 500));
    const answers = await Promise.all(
      chunks.map((chunk) =>
        call(
          adminUrl,
          `/admin/identities?${chunk.map((id) => `ids=${id}`).join('&')}&page_size=${chunk.length}`,
        ),
      ),
    );
    const found = new Map<string, Json>();
    for (const answer of answers)
      for (const identity of answer.body as Json[]) found.set(identity.id, identity);
    return {
      data: {
        _entities: ids.map((id) => {
          const identity = found.get(id);
          return identity === undefined ? null : { id: identity.id, traits: identity.traits };
        }),
      },
    };
  },
  // S8: identities(first: 100) { nodes { id credentials { type identifiers } } }, credentials in the list call.
  async '/identities-credentials'(_req, input) {
    const first = Number(input.variables.first);
    const { body } = await call(
      adminUrl,
      `/admin/identities?page_size=${first}&include_credential=code_recovery`,
    );
    return {
      data: {
        identities: {
          nodes: (body as Json[]).map((identity) => ({
            id: identity.id,
            credentials: Object.values(identity.credentials ?? {}).map((c: Json) => ({
              type: String(c.type).toUpperCase(),
              identifiers: c.identifiers,
            })),
          })),
        },
      },
    };
  },
};

http
  .createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const route = routes[req.url ?? ''];
      if (route === undefined) {
        res.writeHead(404).end();
        return;
      }
      const input = chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString());
      route(req, input).then(
        (answer) => {
          const out = JSON.stringify(answer);
          res.writeHead(200, {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(out),
          });
          res.end(out);
        },
        (error: unknown) => {
          res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
        },
      );
    });
  })
  .listen(port, '127.0.0.1');
