/**
 * The processes of a run, each pinned: the emulator on core 0 (with the load generator), every server under test
 * on core 1, one at a time under load. The facade runs as users run it: the built JavaScript, NODE_ENV=production.
 */
import path from 'node:path';
import { preparePeer } from '../arms/peer';
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

export async function startFacade(publicUrl: string, adminUrl: string): Promise<Server> {
  const port = await freePort();
  const proc = start({
    name: 'facade',
    core: SUT_CORE,
    command: process.execPath,
    args: [path.join(FACADE_ROOT, 'dist', 'src', 'main.js')],
    env: facadeEnv(publicUrl, adminUrl, port),
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

export type ServerKind = 'facade' | 'raw' | 'naive' | 'peer';

/**
 * The servers of a scenario. A full run starts them afresh for each scenario (idle and after-load memory are
 * the scenario's own); the smoke run keeps them for the whole run, since it only checks answers.
 */
export class ServerPool {
  private readonly servers = new Map<ServerKind, Server>();

  constructor(
    private readonly ory: { publicUrl: string; adminUrl: string },
    private readonly shared: boolean,
  ) {}

  async get(kind: ServerKind): Promise<Server> {
    const existing = this.servers.get(kind);
    if (existing !== undefined) return existing;
    const { publicUrl, adminUrl } = this.ory;
    const server =
      kind === 'facade'
        ? await startFacade(publicUrl, adminUrl)
        : kind === 'raw'
          ? await startRawProxy(publicUrl, adminUrl)
          : kind === 'naive'
            ? await startNaiveApollo(publicUrl)
            : await startPeer(publicUrl, adminUrl);
    this.servers.set(kind, server);
    return server;
  }

  /** The end of a scenario: stops its servers unless they are shared. */
  async release(): Promise<void> {
    if (this.shared) return;
    await Promise.all([...this.servers.values()].map((server) => server.proc.stop()));
    this.servers.clear();
  }
}
