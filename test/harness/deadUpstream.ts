/**
 * An Ory that is down, for tests: a port that stays taken but drops every connection as soon as it is made. A
 * port that was merely closed again can be handed to another test's server meanwhile (supertest listens on
 * every interface), which would then answer instead of failing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DeadUpstream {
  url: string;
  close(): Promise<void>;
}

export async function startDeadUpstream(): Promise<DeadUpstream> {
  const server = http.createServer();
  server.on('connection', (socket) => {
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
