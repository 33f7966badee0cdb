/**
 * urql sends queries as GET by default (`preferGetMethod: 'within-url-limit'`), which Apollo Server's CSRF
 * prevention refuses unless a preflight header comes with it. The README's client setup says what to configure;
 * this test holds both halves of that advice true.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, fetchExchange, gql } from '@urql/core';
import { listen } from '../../src/listen';
import { useFacade } from '../harness/facade';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());
let server: Server;
let url: string;

beforeAll(async () => {
  server = await listen(
    env.facade.app,
    { http: { headersTimeoutMs: 10_000, requestTimeoutMs: 15_000 } },
    0,
    '127.0.0.1',
  );
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const SCHEMAS = gql`
  query Schemas {
    identitySchemas {
      id
    }
  }
`;

it("is refused by CSRF prevention with urql's defaults (GET without a preflight header)", async () => {
  const client = new Client({ url, exchanges: [fetchExchange] });
  const result = await client.query(SCHEMAS, {}).toPromise();
  expect(result.error?.message).toMatch(/Cross-Site Request Forgery/);
  expect(result.data).toBeUndefined();
});

it('works with the documented setup: POST, or GET with the preflight header', async () => {
  for (const client of [
    new Client({ url, exchanges: [fetchExchange], preferGetMethod: false }),
    new Client({
      url,
      exchanges: [fetchExchange],
      fetchOptions: { headers: { 'apollo-require-preflight': 'true' } },
    }),
  ]) {
    const result = await client.query(SCHEMAS, {}).toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data?.identitySchemas).toContainEqual({ id: 'default' });
  }
});
