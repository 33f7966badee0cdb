/**
 * A minimal browser for the emulator's black-box tests: a cookie jar that applies `Set-Cookie`
 * headers (deleting on `Max-Age=0`) and sends them back, plus helpers for the CSRF cookie name,
 * reading a flow's `csrf_token` node and the courier's codes.
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import type { Emulator } from '../../emulator';
import type { FlowJson } from './helpers';

export const JSON_HEADERS = { Accept: 'application/json' } as const;

/** Browsers send a User-Agent (Kratos records it on the session's device, `null` without). */
const BROWSER_UA = 'emulator-test-browser/1.0';

export function setCookieLines(res: request.Response): string[] {
  const raw: unknown = res.headers['set-cookie'];
  if (typeof raw === 'string') return [raw];
  return Array.isArray(raw) ? raw.filter((line): line is string => typeof line === 'string') : [];
}

export function cookieLine(res: request.Response, name: string): string | undefined {
  return setCookieLines(res).find((line) => line.startsWith(`${name}=`));
}

/** `csrf_token_` + sha256 hex of the public base URL with its trailing slash. */
export function csrfCookieName(emulator: Emulator): string {
  return `csrf_token_${createHash('sha256').update(`${emulator.publicUrl}/`).digest('hex')}`;
}

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  absorb(res: request.Response): request.Response {
    for (const line of setCookieLines(res)) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      if (attributes.some((a) => a.toLowerCase() === 'max-age=0')) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
    return res;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** A copy, e.g. to replay an old cookie after a rotation. */
  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [name, value] of this.cookies) copy.set(name, value);
    return copy;
  }
}

/** A test browser bound to one emulator and one cookie jar. */
export class Browser {
  readonly jar = new CookieJar();

  constructor(private readonly emulator: Emulator) {}

  async get(path: string, headers: Record<string, string> = JSON_HEADERS): Promise<request.Response> {
    const req = request(this.emulator.publicUrl).get(path).set('User-Agent', BROWSER_UA).set(headers);
    const cookie = this.jar.header();
    return this.jar.absorb(await (cookie === '' ? req : req.set('Cookie', cookie)));
  }

  async post(
    path: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = JSON_HEADERS,
  ): Promise<request.Response> {
    const req = request(this.emulator.publicUrl).post(path).set('User-Agent', BROWSER_UA).set(headers);
    const cookie = this.jar.header();
    return this.jar.absorb(await (cookie === '' ? req : req.set('Cookie', cookie)).send(body));
  }

  async delete(path: string, headers: Record<string, string> = JSON_HEADERS): Promise<request.Response> {
    const req = request(this.emulator.publicUrl).delete(path).set('User-Agent', BROWSER_UA).set(headers);
    const cookie = this.jar.header();
    return this.jar.absorb(await (cookie === '' ? req : req.set('Cookie', cookie)));
  }

  /** `GET /self-service/<kind>/browser` as an SPA would (JSON). */
  async createFlow(kind: string, query = ''): Promise<FlowJson> {
    const res = await this.get(`/self-service/${kind}/browser${query}`);
    expect(res.status).toBe(200);
    const flow: FlowJson = res.body;
    return flow;
  }
}

export function csrfOf(flow: FlowJson): string {
  const value = flow.ui.nodes.find((node) => node.attributes.name === 'csrf_token')?.attributes.value;
  return typeof value === 'string' ? value : '';
}

/** The newest code the courier queued for an address (`/\b\d{6}\b/` in the body, §10.3). */
export async function latestCode(emulator: Emulator, recipient: string): Promise<string> {
  const res = await request(emulator.adminUrl)
    .get('/admin/courier/messages')
    .query({ recipient, page_size: 1 });
  expect(res.status).toBe(200);
  const body: unknown = res.body;
  const first = Array.isArray(body) ? (body[0] as { body?: string } | undefined) : undefined;
  const code = /\b\d{6}\b/.exec(first?.body ?? '')?.[0];
  if (code === undefined) throw new Error(`no code was sent to ${recipient}`);
  return code;
}
