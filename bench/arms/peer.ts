/**
 * The peer: what a user gets by generating GraphQL from Kratos's OpenAPI document with GraphQL Mesh (compose) and
 * serving it with Hive Gateway (shared design: mesh-peer.md, §10's recipe). Its heavy dependencies live in
 * bench/peer/ with their own lock file, installed here on first use (`npm ci --prefix bench/peer`); its
 * configuration is written at run time, next to those dependencies, pointing at this run's Ory.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PEER = path.resolve(__dirname, '..', 'peer');
const WORK = path.join(PEER, 'node_modules', '.ory-graphql-peer');
const SPEC = path.resolve(__dirname, '..', '..', 'test', 'contract', 'kratos', 'kratos-openapi-v26.2.0.json');

/** The submit bodies whose `@oneOf` composition drops (mesh-peer.md §2); re-added as the recipe does. */
const ONE_OF_INPUTS = [
  'updateLoginFlowBody_Input',
  'updateRecoveryFlowBody_Input',
  'updateRegistrationFlowBody_Input',
  'updateSettingsFlowBody_Input',
  'updateVerificationFlowBody_Input',
];

export const PEER_QUERY =
  '{ toSession { __typename ... on session { id active expires_at identity { id traits } } } }';

/** Installs the peer's locked dependencies when they are missing. */
export function installPeer(log: (line: string) => void): void {
  if (existsSync(path.join(PEER, 'node_modules', '@graphql-hive', 'gateway', 'package.json'))) return;
  log('installing the peer (npm ci --prefix bench/peer; about a minute, once)');
  execFileSync('npm', ['ci', '--prefix', PEER, '--no-audit', '--no-fund', '--ignore-scripts'], {
    stdio: 'inherit',
  });
}

/** Composes the supergraph for this run's Ory and writes the gateway's configuration; returns the gateway's command. */
export function preparePeer(
  publicUrl: string,
  adminUrl: string,
): { cwd: string; command: string; args: string[] } {
  mkdirSync(WORK, { recursive: true });
  const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as { paths: Record<string, unknown> };
  const pick = (admin: boolean) => ({
    ...spec,
    paths: Object.fromEntries(Object.entries(spec.paths).filter(([p]) => p.startsWith('/admin/') === admin)),
  });
  writeFileSync(path.join(WORK, 'kratos-public.json'), JSON.stringify(pick(false)));
  writeFileSync(path.join(WORK, 'kratos-admin.json'), JSON.stringify(pick(true)));
  writeFileSync(
    path.join(WORK, 'mesh.config.mjs'),
    `import { createPrefixTransform, defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';
export const composeConfig = defineConfig({
  subgraphs: [
    { sourceHandler: loadOpenAPISubgraph('KratosPublic', { source: './kratos-public.json', endpoint: ${JSON.stringify(publicUrl)} }) },
    { sourceHandler: loadOpenAPISubgraph('KratosAdmin', { source: './kratos-admin.json', endpoint: ${JSON.stringify(adminUrl)} }),
      transforms: [createPrefixTransform({ value: 'Admin_' })] },
  ],
});
`,
  );
  writeFileSync(
    path.join(WORK, 'gateway.config.mjs'),
    `import { defineConfig } from '@graphql-hive/gateway';
export const gatewayConfig = defineConfig({
  supergraph: './supergraph-oneof.graphql',
  propagateHeaders: {
    fromClientToSubgraphs: ({ request, subgraphName }) =>
      subgraphName === 'KratosPublic'
        ? { 'x-session-token': request.headers.get('x-session-token'), cookie: request.headers.get('cookie') }
        : {},
    fromSubgraphsToClient: ({ response }) => ({
      'set-cookie': response.headers.getSetCookie?.() ?? response.headers.get('set-cookie'),
      link: response.headers.get('link'),
      'x-total-count': response.headers.get('x-total-count'),
    }),
  },
});
`,
  );
  const bin = (...parts: string[]) => path.join(PEER, 'node_modules', ...parts);
  execFileSync(
    process.execPath,
    [bin('@graphql-mesh', 'compose-cli', 'esm', 'bin.js'), '-o', 'supergraph.graphql'],
    {
      cwd: WORK,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let supergraph = readFileSync(path.join(WORK, 'supergraph.graphql'), 'utf8');
  for (const name of ONE_OF_INPUTS) {
    supergraph = supergraph.replace(
      `input ${name} @join__type(graph: KRATOS_PUBLIC)`,
      `input ${name} @oneOf(subgraph: "KratosPublic") @join__type(graph: KRATOS_PUBLIC)`,
    );
  }
  writeFileSync(path.join(WORK, 'supergraph-oneof.graphql'), supergraph);
  return {
    cwd: WORK,
    command: process.execPath,
    args: [bin('@graphql-hive', 'gateway', 'dist', 'bin.js'), 'supergraph'],
  };
}

/** The peer's version line for the report. */
export function peerVersions(): string {
  const version = (name: string) =>
    (
      JSON.parse(readFileSync(path.join(PEER, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  return `@graphql-hive/gateway ${version('@graphql-hive/gateway')}, @graphql-mesh/compose-cli ${version('@graphql-mesh/compose-cli')}, @omnigraph/openapi ${version('@omnigraph/openapi')}`;
}
