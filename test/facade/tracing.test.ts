/**
 * OpenTelemetry tracing, configured the standard way (OTEL_* variables) and exported over OTLP/HTTP to a local
 * receiver: one server span per operation, a child of the caller's `traceparent`; one client span per Ory call,
 * whose `traceparent` reaches Ory. Both OTLP encodings; off without an endpoint.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useFacade } from '../harness/facade';
import { startFacadeProcess } from '../harness/facadeProcess';
import { newUser, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

interface Received {
  contentType: string;
  body: Buffer;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

const env = useFacade(() => startOryBackend());
let receiver: Server;
let endpoint: string;
const received: Received[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces')
        received.push({ contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' }).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

interface Running {
  url: string;
  /** SIGTERM, and the exit: the facade exports what is left on the way out. */
  stop(): Promise<void>;
}

/**
 * The facade as its own process (the OTLP exporters load Node's http module with a dynamic import, which jest's
 * module sandbox cannot run), against the test backend, with the given OTEL_* variables.
 */
async function tracedFacade(variables: Record<string, string>): Promise<Running> {
  const facade = await startFacadeProcess(env.backend, { NODE_ENV: 'development', ...variables });
  return {
    url: `${facade.url}/graphql`,
    stop: async () => {
      await facade.process.stop();
    },
  };
}

async function gql(url: string, query: string, headers: Record<string, string>): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return res.json();
}

function spansOf(bodies: Received[]): OtlpSpan[] {
  return bodies.flatMap((item) => {
    const json = JSON.parse(item.body.toString('utf8')) as {
      resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
    };
    return json.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
  });
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

it('traces an operation and its Ory call under the caller’s trace, and passes the trace to Ory (OTLP/JSON)', async () => {
  const { token } = await signUp(env.facade, newUser('Traced'));
  const facade = await tracedFacade({
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: 'ory-graphql-test',
  });
  received.length = 0;
  env.backend.resetCalls();
  let res: unknown;
  try {
    res = await gql(facade.url, 'query TracedMe { me { id } }', {
      'x-session-token': token,
      traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`,
    });
  } finally {
    await facade.stop(); // exports what is left
  }
  expect(res).toMatchObject({ data: { me: { id: expect.any(String) } } });
  const spans = spansOf(received).filter((span) => span.traceId === TRACE_ID);
  const operation = spans.find((span) => span.name === 'query TracedMe');
  const call = spans.find((span) => span.name === 'ory toSession');
  expect(operation).toMatchObject({ parentSpanId: PARENT_ID, kind: 2 });
  expect(call).toMatchObject({ parentSpanId: operation?.spanId, kind: 3 });
  const whoami = env.backend.calls().find((entry) => entry.path === '/sessions/whoami');
  expect(whoami?.headers.traceparent).toBe(`00-${TRACE_ID}-${call?.spanId}-01`);
  expect(received[0]?.body.toString()).toContain('ory-graphql-test');
});

it('exports OTLP/protobuf by default, and nothing without an endpoint', async () => {
  const { token } = await signUp(env.facade, newUser('TracedProto'));
  const facade = await tracedFacade({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/v1/traces` });
  received.length = 0;
  try {
    await gql(facade.url, 'query TracedProto { me { id } }', { 'x-session-token': token });
  } finally {
    await facade.stop();
  }
  expect(received.length).toBeGreaterThan(0);
  expect(received[0]?.contentType).toBe('application/x-protobuf');
  // Span names travel as plain UTF-8 inside the protobuf message.
  expect(received.some((item) => item.body.includes('query TracedProto'))).toBe(true);

  received.length = 0;
  env.backend.resetCalls();
  const untraced = await tracedFacade({ OTEL_SERVICE_NAME: 'untraced' });
  try {
    await gql(untraced.url, 'query Untraced { me { id } }', { 'x-session-token': token });
  } finally {
    await untraced.stop();
  }
  expect(received).toEqual([]);
  expect(env.backend.calls().every((entry) => entry.headers.traceparent === undefined)).toBe(true);
});
