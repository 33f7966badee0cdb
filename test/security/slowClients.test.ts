/**
 * Slow clients (outside probe, finding 6): a client that sends its headers or its body a byte at a time is cut
 * off once HEADERS_TIMEOUT_MS or REQUEST_TIMEOUT_MS has passed, instead of holding a connection for as long as
 * it likes. The facade listens as main.ts makes it listen.
 */
import type { Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { listen } from '../../src/listen';
import { loadConfig } from '../../src/config';
import { useFacade } from '../harness/facade';
import { startOryBackend } from '../harness/oryBackend';

const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;
const env = useFacade(() => startOryBackend());
let server: Server;
let port: number;

beforeAll(async () => {
  const config = loadConfig({
    HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  });
  server = await listen(env.facade.app, config, 0, '127.0.0.1');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/**
 * Sends `atOnce`, then `slowly` one byte every 100 ms (which would take far longer than the limits), and
 * resolves with what the server answered and how long the connection lasted.
 */
function dribble(atOnce: string, slowly: string): Promise<{ answer: string; lastedMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(atOnce));
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < slowly.length && socket.writable) socket.write(slowly[sent++] ?? '');
    }, 100);
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, lastedMs: Date.now() - started });
    });
  });
}

it('cuts off a client that sends its headers a byte at a time', async () => {
  // At 10 bytes a second these headers would take over a minute.
  const headers = `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${'X-Padding: a\r\n'.repeat(50)}\r\n`;
  const { answer, lastedMs } = await dribble('', headers);
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
  expect(lastedMs).toBeLessThan(HEADERS_TIMEOUT_MS + 5000);
});

it('cuts off a client that sends its body a byte at a time', async () => {
  const body = JSON.stringify({ query: `{ __typename ${' '.repeat(500)}}` });
  const headers = `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  const { answer, lastedMs } = await dribble(headers, body);
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
  expect(lastedMs).toBeLessThan(REQUEST_TIMEOUT_MS + 5000);
});

it('still serves a client that sends its request at once', async () => {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
});
