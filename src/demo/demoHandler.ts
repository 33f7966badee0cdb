/**
 * The demo page (demo/): a plain HTML and JavaScript client of the facade, for development. This handler is
 * framework-agnostic: put it in front of the facade's app, and it answers requests under `/demo` and returns
 * false for everything else:
 *
 *   const demo = createDemoHandler({ courierUrl: emulator.adminUrl });
 *   http.createServer((req, res) => { if (!demo(req, res)) facade.app(req, res); });
 *
 * It serves the page's files, `/demo/config.json` (where the page sends GraphQL), and, only when `courierUrl`
 * is given, `/demo/courier?recipient=` (the emulator's courier messages for one address). Never in production:
 * it is a development tool, and the courier endpoint would show anyone the codes sent to any address.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { courierMessages } from './courier';
import { DEMO_DIR, loadStaticFiles, type StaticFile } from './staticFiles';

export interface DemoHandlerOptions {
  /** The embedded emulator's admin URL: enables `/demo/courier`. Leave unset with any other Ory. */
  courierUrl?: string;
  /** Where the page sends GraphQL: default `/graphql` (same origin); an absolute URL for another origin. */
  graphqlUrl?: string;
  /** The folder with the page's files (default: demo/, see DEMO_DIR). */
  root?: string;
}

/** Answers the request and returns true when it is the demo's, else returns false and leaves it alone. */
export type DemoHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const PREFIX = '/demo';

/** The page's own routes (named like Ory's UI paths, so Ory's `ui_url`s can point at them): all the page. */
const PAGE_ROUTES = new Set([
  '',
  '/',
  '/login',
  '/registration',
  '/settings',
  '/recovery',
  '/verification',
  '/error',
]);

/**
 * Scripts, styles and connections from this origin only (and the GraphQL origin, when elsewhere); images also
 * as data: URLs (the TOTP QR code). No inline code, no plugins, no framing, no native form posts (the page
 * submits everything through fetch).
 */
function contentSecurityPolicy(graphqlUrl: string): string {
  const graphqlOrigin = URL.canParse(graphqlUrl) ? ` ${new URL(graphqlUrl).origin}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${graphqlOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  head: boolean,
) {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(head ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, head: boolean): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), head);
}

export function createDemoHandler(options: DemoHandlerOptions = {}): DemoHandler {
  const files = loadStaticFiles(options.root ?? DEMO_DIR);
  const graphqlUrl = options.graphqlUrl ?? '/graphql';
  const config = { graphqlUrl, courier: options.courierUrl !== undefined };
  const csp = contentSecurityPolicy(graphqlUrl);
  const courierUrl = options.courierUrl;

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) return false;
    const route = url.pathname.slice(PREFIX.length);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed', false);
      return true;
    }
    const head = req.method === 'HEAD';
    if (route === '/config.json') {
      sendJson(res, 200, config, head);
      return true;
    }
    if (route === '/courier' && courierUrl !== undefined) {
      void courierMessages(courierUrl, url.searchParams.get('recipient')).then((answer) => {
        sendJson(res, answer.status, 'error' in answer ? { error: answer.error } : answer.messages, head);
      });
      return true;
    }
    const file: StaticFile | undefined = PAGE_ROUTES.has(route)
      ? files.get('index.html')
      : files.get(route.slice(1));
    if (file === undefined) send(res, 404, 'text/plain; charset=utf-8', 'Not Found', head);
    else send(res, 200, file.contentType, file.body, head);
    return true;
  };
}
