/**
 * The demo handler over HTTP, without a browser: what it answers under /demo (the page's files with their
 * content types and security headers, its configuration, the courier messages of one address), and that it
 * leaves every other request to the facade.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDemoHandler, type DemoHandlerOptions } from '../../src/demo/demoHandler';
import { startOryBackend, type OryBackend } from '../harness/oryBackend';

let backend: OryBackend;
beforeAll(async () => {
  backend = await startOryBackend();
});
afterAll(async () => {
  await backend.close();
});

/** A server with the handler in front of a stand-in facade that answers 418, to see what falls through. */
async function serve(options: DemoHandlerOptions): Promise<{ base: string; close: () => Promise<void> }> {
  const demo = createDemoHandler(options);
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!demo(req, res)) res.writeHead(418).end('facade');
  });
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve();
    }),
  );
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

/** The status of a GET of `path` exactly as written (fetch would normalize it first). */
function rawStatus(base: string, path: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    http
      .get(base + path, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
      .on('error', reject);
  });
}

describe('the demo handler', () => {
  it('serves the page on its routes, its modules and styles, each with its content type, nosniff and a strict CSP', async () => {
    const { base, close } = await serve({});
    try {
      for (const [path, type] of [
        ['/demo', 'text/html; charset=utf-8'],
        ['/demo/', 'text/html; charset=utf-8'],
        ['/demo/login', 'text/html; charset=utf-8'],
        ['/demo/settings', 'text/html; charset=utf-8'],
        ['/demo/main.js', 'text/javascript; charset=utf-8'],
        ['/demo/demo.css', 'text/css; charset=utf-8'],
      ] as const) {
        const res = await fetch(base + path);
        expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({
          path,
          status: 200,
          type,
        });
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('cache-control')).toBe('no-store');
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'none'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("connect-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('unsafe');
      }
      const page = await (await fetch(`${base}/demo/`)).text();
      expect(page).toContain('<script type="module" src="/demo/main.js"></script>');
    } finally {
      await close();
    }
  });

  it('leaves everything outside /demo to the facade, and answers unknown /demo paths with 404', async () => {
    const { base, close } = await serve({});
    try {
      expect((await fetch(`${base}/graphql`)).status).toBe(418);
      expect((await fetch(`${base}/demonstration`)).status).toBe(418);
      expect((await fetch(`${base}/demo/nope.js`)).status).toBe(404);
      expect(await rawStatus(base, '/demo/..%2f..%2fpackage.json')).toBe(404);
      expect((await fetch(`${base}/demo/tsconfig.json`)).status).toBe(404);
      expect((await fetch(`${base}/demo/types.d.ts`)).status).toBe(404);
      const post = await fetch(`${base}/demo/`, { method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
    } finally {
      await close();
    }
  });

  it('tells the page where GraphQL is, and lets it connect there when that is another origin', async () => {
    const { base, close } = await serve({ graphqlUrl: 'http://127.0.0.1:5999/graphql' });
    try {
      const res = await fetch(`${base}/demo/config.json`);
      expect(await res.json()).toEqual({ graphqlUrl: 'http://127.0.0.1:5999/graphql', courier: false });
      expect(res.headers.get('content-security-policy')).toContain(
        "connect-src 'self' http://127.0.0.1:5999;",
      );
    } finally {
      await close();
    }
  });

  it('offers no courier endpoint without a courier URL', async () => {
    const { base, close } = await serve({});
    try {
      expect((await fetch(`${base}/demo/courier?recipient=a@example.test`)).status).toBe(404);
    } finally {
      await close();
    }
  });

  it("shows the newest courier messages of one address, read from Ory's admin API", async () => {
    const { base, close } = await serve({ courierUrl: backend.adminUrl });
    try {
      const email = `courier-${Date.now()}@example.test`;
      await fetch(`${backend.adminUrl}/admin/identities`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ schema_id: 'default', traits: { email } }),
      });
      const flow = (await (await fetch(`${backend.publicUrl}/self-service/recovery/api`)).json()) as {
        id: string;
      };
      await fetch(`${backend.publicUrl}/self-service/recovery?flow=${flow.id}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ method: 'code', email }),
      });
      const res = await fetch(`${base}/demo/courier?recipient=${encodeURIComponent(email)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const messages = await res.json();
      expect(messages).toEqual([
        expect.objectContaining({ recipient: email, subject: expect.any(String), body: expect.any(String) }),
      ]);
      expect((await fetch(`${base}/demo/courier`)).status).toBe(400);
      expect((await fetch(`${base}/demo/courier?recipient=${'x'.repeat(400)}`)).status).toBe(400);
    } finally {
      await close();
    }
  });
});
