/**
 * The processes of a run, each pinned: the emulator on core 0 (with the load generator), every server under test
 * on core 1, one at a time under load. The facade runs as users run it: the built JavaScript, NODE_ENV=production.
 */
import path from 'node:path';
import { preparePeer } from '../arms/peer';
import { featureEnv, Helpers, type Feature, type Helper } from './features';
import { freePort, start, waitForPort, type Proc } from './proc';

export const ROOT = path.resolve(__dirname, '..', '..');
export const UPSTREAM_CORE = 0;
export const SUT_CORE = 1;
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef0123456789';
export const ROUTER_SECRET = 'bench-router-secret-0123456789';

export interface Server {
  proc: Proc;
  url: string;
}

const tsx = (file: string): string[] => ['--import', 'tsx', path.join(ROOT, 'bench', 'arms', file)];

export async function startEmulator(): Promise<{ proc: Proc; publicUrl: string; adminUrl: string }> {
  const [publicPort, adminPort] = [await freePort(), await freePort()];
  const proc = start({
    name: 'emulator',
    core: UPSTREAM_CORE,
    command: process.execPath,
    args: [...tsx('emulator.ts'), String(publicPort), String(adminPort)],
    env: { ...process.env, NODE_ENV: 'production' },
    cwd: ROOT,
  });
  await waitForPort(proc, publicPort);
  await waitForPort(proc, adminPort);
  return { proc, publicUrl: `http://127.0.0.1:${publicPort}`, adminUrl: `http://127.0.0.1:${adminPort}` };
}

/** Facade settings for the benchmark: production, with limits raised only where a scenario needs it to run. */
export function facadeEnv(publicUrl: string, adminUrl: string, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    ORY_SDK_URL: publicUrl,
    ORY_ADMIN_URL: adminUrl,
    ADMIN_TOKENS: ADMIN_TOKEN,
    ROUTER_SECRET,
    // S3 pages 50 identities and costs one call per identity (Kratos has no batch read of sessions); S8 before
    // its fix cost one call per identity. Every other limit stays at its default.
    MAX_ORY_CALLS: '200',
    // S2 signs in thousands of times a second from one address, successfully: the guard still runs on each.
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_IDENTIFIER: '1000000',
    RATE_LIMIT_PER_IDENTIFIER_ALL_IPS: '1000000',
  };
}

/**
 * The checkout whose build (dist/) is the facade under test: this one, or BENCH_FACADE_ROOT to measure another
 * (the "before" of BENCHMARKS.md: a worktree of an older commit, built with `npm run build`).
 */
export const FACADE_ROOT = process.env.BENCH_FACADE_ROOT ?? ROOT;

/** The facade, with `extraEnv` on top of the benchmark's settings (an optional feature turned on, for F1, F2). */
export async function startFacade(
  publicUrl: string,
  adminUrl: string,
  extraEnv: NodeJS.ProcessEnv = {},
  name = 'facade',
): Promise<Server> {
  const port = await freePort();
  const proc = start({
    name,
    core: SUT_CORE,
    command: process.execPath,
    args: [path.join(FACADE_ROOT, 'dist', 'src', 'main.js')],
    env: { ...facadeEnv(publicUrl, adminUrl, port), ...extraEnv },
    cwd: FACADE_ROOT,
  });
  await waitForPort(proc, port);
  return { proc, url: `http://127.0.0.1:${port}/graphql` };
}

export async function startRawProxy(publicUrl: string, adminUrl: string): Promise<Server> {
  const port = await freePort();
  const proc = start({
    name: 'raw',
    core: SUT_CORE,
    command: process.execPath,
    args: [...tsx('rawProxy.ts'), String(port), publicUrl, adminUrl],
    env: { ...process.env, NODE_ENV: 'production' },
    cwd: ROOT,
  });
  await waitForPort(proc, port);
  return { proc, url: `http://127.0.0.1:${port}` };
}

export async function startNaiveApollo(publicUrl: string): Promise<Server> {
  const port = await freePort();
  const proc = start({
    name: 'naive',
    core: SUT_CORE,
    command: process.execPath,
    args: [...tsx('naiveApollo.ts'), String(port), publicUrl],
    env: { ...process.env, NODE_ENV: 'production' },
    cwd: ROOT,
  });
  await waitForPort(proc, port);
  return { proc, url: `http://127.0.0.1:${port}/` };
}

export async function startPeer(publicUrl: string, adminUrl: string): Promise<Server> {
  const port = await freePort();
  const command = preparePeer(publicUrl, adminUrl);
  const proc = start({
    name: 'peer',
    core: SUT_CORE,
    command: command.command,
    args: [...command.args, '--host', '127.0.0.1', '--port', String(port)],
    env: { ...process.env, NODE_ENV: 'production' },
    cwd: command.cwd,
  });
  await waitForPort(proc, port);
  return { proc, url: `http://127.0.0.1:${port}/graphql` };
}

/** `facade+<feature>`: the facade with one optional feature on (F1, F2). */
export type FacadeVariant = `facade+${Feature}`;
export type ServerKind = 'facade' | FacadeVariant | 'raw' | 'naive' | 'peer';

const VARIANTS: Record<FacadeVariant, Feature> = {
  'facade+metrics': 'metrics',
  'facade+tracing': 'tracing',
  'facade+sessionCache': 'sessionCache',
  'facade+redis': 'redis',
  'facade+trustedDocuments': 'trustedDocuments',
};

const isVariant = (kind: ServerKind): kind is FacadeVariant => kind in VARIANTS;

/**
 * The servers of a scenario (and the services of its facade variants: an OTLP sink, Redis). A full run starts
 * them afresh for each scenario (idle and after-load memory are the scenario's own); the smoke run keeps them
 * for the whole run, since it only checks answers.
 */
export class ServerPool {
  private readonly servers = new Map<ServerKind, Server>();
  private readonly helpers = new Helpers(UPSTREAM_CORE);

  constructor(
    private readonly ory: { publicUrl: string; adminUrl: string },
    private readonly shared: boolean,
  ) {}

  /** The OTLP sink or Redis of this pool's variants (started if it is not yet). */
  helper(kind: 'otlp' | 'redis'): Promise<Helper> {
    return this.helpers.get(kind);
  }

  async get(kind: ServerKind): Promise<Server> {
    const existing = this.servers.get(kind);
    if (existing !== undefined) return existing;
    const server = await this.start(kind);
    this.servers.set(kind, server);
    return server;
  }

  private async start(kind: ServerKind): Promise<Server> {
    const { publicUrl, adminUrl } = this.ory;
    if (isVariant(kind))
      return startFacade(publicUrl, adminUrl, await featureEnv(VARIANTS[kind], this.helpers), kind);
    switch (kind) {
      case 'facade':
        return startFacade(publicUrl, adminUrl);
      case 'raw':
        return startRawProxy(publicUrl, adminUrl);
      case 'naive':
        return startNaiveApollo(publicUrl);
      case 'peer':
        return startPeer(publicUrl, adminUrl);
    }
  }

  /** The end of a scenario: stops its servers unless they are shared. */
  async release(): Promise<void> {
    if (this.shared) return;
    await Promise.all([...this.servers.values()].map((server) => server.proc.stop()));
    this.servers.clear();
    // After the servers: a facade stopping still talks to its Redis and exports its last spans.
    await this.helpers.stop();
  }
}
