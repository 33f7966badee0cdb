/** Shared helpers for the emulator's black-box tests. */
import request from 'supertest';
import type { Emulator } from '../../emulator';

export const USER_AGENT = 'emulator-tests/1.0';

export interface UiTextJson {
  id: number;
  text: string;
  type: string;
  context?: Record<string, unknown>;
}

export interface NodeJson {
  type: string;
  group: string;
  attributes: { name: string; type: string; value?: unknown; required?: boolean; node_type: string } & Record<
    string,
    unknown
  >;
  messages: UiTextJson[];
  meta: { label?: UiTextJson };
}

export interface FlowJson {
  id: string;
  type: string;
  ui: { action: string; method: string; nodes: NodeJson[]; messages?: UiTextJson[] };
  [key: string]: unknown;
}

export interface NativeSession {
  token: string;
  identityId: string;
}

/** Unique, valid addresses so tests never share identities. */
let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@example.com`;
}

export async function createRegistrationFlow(emulator: Emulator): Promise<FlowJson> {
  const res = await request(emulator.publicUrl)
    .get('/self-service/registration/api')
    .set('User-Agent', USER_AGENT);
  expect(res.status).toBe(200);
  const flow: FlowJson = res.body;
  return flow;
}

export async function createLoginFlow(emulator: Emulator, query = ''): Promise<FlowJson> {
  const res = await request(emulator.publicUrl)
    .get(`/self-service/login/api${query}`)
    .set('User-Agent', USER_AGENT);
  expect(res.status).toBe(200);
  const flow: FlowJson = res.body;
  return flow;
}

export async function register(
  emulator: Emulator,
  email: string,
  password = 'Correct-Horse-Battery-42',
  traits: Record<string, unknown> = {},
): Promise<NativeSession> {
  const flow = await createRegistrationFlow(emulator);
  const res = await request(emulator.publicUrl)
    .post(`/self-service/registration?flow=${flow.id}`)
    .set('User-Agent', USER_AGENT)
    .send({ method: 'password', password, traits: { email, ...traits } });
  expect(res.status).toBe(200);
  return { token: res.body.session_token, identityId: res.body.identity.id };
}

export async function login(
  emulator: Emulator,
  identifier: string,
  password: string,
): Promise<request.Response> {
  const flow = await createLoginFlow(emulator);
  return request(emulator.publicUrl)
    .post(`/self-service/login?flow=${flow.id}`)
    .set('User-Agent', USER_AGENT)
    .send({ method: 'password', identifier, password });
}

export function nodeByName(flow: FlowJson, name: string): NodeJson | undefined {
  return flow.ui.nodes.find((node) => node.attributes.name === name);
}

export function nodeNames(flow: FlowJson): string[] {
  return flow.ui.nodes.map((node) => node.attributes.name);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
