/**
 * Hive Gateway (the `hive-gateway` command of @graphql-hive/gateway) as a process of its own, for tests of the
 * facade behind it. The gateway comes from bench/peer's lock file (the benchmark's peer serves the same gateway),
 * installed there with `npm ci` on first use; it runs under Node >= 22.15, which its dependencies require
 * (nodeBinary.ts supplies one when the tests run on Node 20).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { installPeer } from '../../bench/arms/peer';
import { freePort } from './freePort';
import { NODE24_FITS, installNode24, installedNode } from './nodeBinary';
import { watchProcess, type WatchedProcess } from './watchedProcess';

const ROOT = path.resolve(__dirname, '..', '..');
const PEER_MODULES = path.join(ROOT, 'bench', 'peer', 'node_modules');
const CLI = path.join(PEER_MODULES, '@graphql-hive', 'gateway', 'dist', 'bin.js');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** What Hive Gateway 2.x's dependencies declare (`engines`): Node >= 22.15. */
const HIVE_NODE: readonly [number, number] = [22, 15];

export interface HiveInstall {
  /** The Node.js binary that runs the gateway. */
  node: string;
}

/** `npm ping`, without npm's retries: offline, it answers at once instead of after a minute. */
function registryReachable(): boolean {
  try {
    execFileSync('npm', ['ping', '--fetch-retries=0', '--fetch-timeout=15000'], {
      stdio: 'pipe',
      timeout: 20_000,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Installs what is missing (Hive Gateway, a recent enough Node), or says why it cannot: no reachable npm registry,
 * or no Node build for this machine. Any other failure is thrown: with a registry, the tests must run.
 */
export function prepareHiveGateway(): HiveInstall | { unavailable: string } {
  const node = installedNode(HIVE_NODE);
  if (node === null && !NODE24_FITS) {
    return {
      unavailable: `Hive Gateway needs Node >= ${HIVE_NODE.join('.')}, and npm's Node 24 build does not run on ${process.platform}-${process.arch}: run the tests on Node 24`,
    };
  }
  if ((node === null || !existsSync(CLI)) && !registryReachable()) {
    return {
      unavailable: `Hive Gateway (npm ci --prefix bench/peer) or Node >= ${HIVE_NODE.join('.')} is missing, and the npm registry cannot be reached to install them`,
    };
  }
  installPeer((line) => {
    process.stderr.write(`Hive Gateway tests: ${line}\n`);
  });
  return { node: node ?? installNode24() };
}

export interface HiveGatewayOptions {
  /** The gateway configuration file; it is copied, under its own name, next to the supergraph. */
  config: string;
  /** Written as `supergraph.graphql`. */
  supergraphSdl: string;
  env: Record<string, string>;
}

export interface HiveGateway {
  /** The gateway's `/graphql` endpoint, on 127.0.0.1. */
  url: string;
  process: WatchedProcess;
  /** Type-checks the configuration against the installed gateway's types, with the project's compiler options. */
  checkConfigTypes(): { ok: boolean; output: string };
  stop(): Promise<void>;
}

export async function startHiveGateway(
  install: HiveInstall,
  options: HiveGatewayOptions,
): Promise<HiveGateway> {
  // Inside the peer's node_modules, so that the configuration's imports resolve to the peer's packages; one folder
  // per run, so that runs side by side (npm test, test:kratos) do not share it.
  const work = path.join(PEER_MODULES, `.ory-graphql-hive-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const configFile = path.join(work, path.basename(options.config));
  copyFileSync(options.config, configFile);
  writeFileSync(path.join(work, 'supergraph.graphql'), options.supergraphSdl);
  writeFileSync(
    path.join(work, 'tsconfig.json'),
    JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: true, types: ['node'], paths: {} },
      include: [path.basename(configFile)],
      exclude: [],
    }),
  );

  const port = await freePort();
  const gateway = watchProcess(
    spawn(install.node, [CLI, 'supergraph', '--host', '127.0.0.1', '--port', String(port)], {
      cwd: work,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  try {
    await gateway.waitFor(/Listening on/, 60_000);
  } catch (error) {
    await gateway.stop();
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    process: gateway,
    checkConfigTypes() {
      const tsc = spawnSync(process.execPath, [TSC, '-p', path.join(work, 'tsconfig.json')], {
        encoding: 'utf8',
      });
      return { ok: tsc.status === 0, output: `${tsc.stdout}${tsc.stderr}` };
    },
    async stop() {
      await gateway.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
