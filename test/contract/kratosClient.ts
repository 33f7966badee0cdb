/**
 * Plain HTTP to a real Kratos for the contract tests of social sign-in and WebAuthn: what a browser (a cookie
 * jar, no redirects followed) or a native app (a session token) sends, with the answer's status, `Location` and
 * JSON body kept for assertions. Kratos's answers are typed loosely: only what these tests read.
 */
import type { CookieJar } from '../harness/cookieJar';

export interface UiText {
  id: number;
  text: string;
  type: string;
  context?: Record<string, unknown>;
}

export interface UiNode {
  type: string;
  group: string;
  attributes: { name?: string; value?: unknown; type?: string; disabled?: boolean; onclickTrigger?: string };
  messages: UiText[];
  meta: { label?: UiText };
}

export interface KratosSession {
  id: string;
  authenticator_assurance_level: string;
  authentication_methods: Array<{ method: string; aal: string; provider?: string }>;
  identity: KratosIdentity;
}

export interface KratosIdentity {
  id: string;
  traits: { email?: string; name?: { first?: string; last?: string } };
  verifiable_addresses?: Array<{ value: string; verified: boolean }>;
  credentials?: Record<string, { identifiers: string[] }>;
}

/** A flow, an error, a success, a session or an identity: whichever Kratos answered (all fields optional). */
export interface KratosAnswer
  extends Partial<Omit<KratosSession, 'id' | 'identity'>>, Partial<Omit<KratosIdentity, 'id'>> {
  id?: string;
  type?: string;
  state?: string;
  active?: string;
  return_to?: string;
  session_token_exchange_code?: string;
  ui?: { action: string; nodes: UiNode[] | null; messages?: UiText[] };
  error?: { id?: string; code: number; reason?: string };
  redirect_browser_to?: string;
  session?: KratosSession;
  session_token?: string;
  identity?: KratosIdentity;
  continue_with?: Array<{ action: string }> | null;
}

export interface KratosResponse {
  status: number;
  /** The `Location` header, resolved against the request URL. */
  location: string | undefined;
  body: KratosAnswer;
}

export interface Caller {
  /** A browser's cookies: sent, and the answer's `Set-Cookie` stored. */
  jar?: CookieJar;
  /** A native app's session (X-Session-Token). */
  token?: string;
  /** Default `application/json` (Kratos then answers browser flows with JSON, not redirects). */
  accept?: string;
}

/** One request; `body` is sent as JSON. Never follows redirects: the test decides what the browser does next. */
export async function kratos(url: string, caller: Caller = {}, body?: object): Promise<KratosResponse> {
  const headers: Record<string, string> = { Accept: caller.accept ?? 'application/json' };
  const cookie = caller.jar?.header() ?? '';
  if (cookie !== '') headers.Cookie = cookie;
  if (caller.token !== undefined) headers['X-Session-Token'] = caller.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
  caller.jar?.store(res.headers.getSetCookie());
  const text = await res.text();
  const location = res.headers.get('location');
  const json: unknown = text.startsWith('{') ? JSON.parse(text) : {};
  return {
    status: res.status,
    location: location === null ? undefined : new URL(location, url).toString(),
    body: json as KratosAnswer,
  };
}

/** The flow's UI nodes (Kratos sends `null` when it has none). */
export function nodesOf(answer: KratosAnswer): UiNode[] {
  return answer.ui?.nodes ?? [];
}

/** The value of the flow's `csrf_token` node (empty in native flows). */
export function csrfToken(answer: KratosAnswer): string {
  const value = nodesOf(answer).find((node) => node.attributes.name === 'csrf_token')?.attributes.value;
  return typeof value === 'string' ? value : '';
}

/** Name and value of every node of `group`, e.g. the oidc group's `provider`/`link`/`unlink` buttons. */
export function groupInputs(answer: KratosAnswer, group: string): Array<{ name?: string; value?: unknown }> {
  return nodesOf(answer)
    .filter((node) => node.group === group)
    .map((node) => ({ name: node.attributes.name, value: node.attributes.value }));
}

/** Error message ids of the flow's nodes and of the flow itself. */
export function messageIds(answer: KratosAnswer): number[] {
  const ofNodes = nodesOf(answer).flatMap((node) => node.messages.map((message) => message.id));
  return [...(answer.ui?.messages ?? []).map((message) => message.id), ...ofNodes];
}
