/**
 * The facade's optional production features, each measured as an arm of its own (F1, F2): the settings that
 * turn one on, and the local services two of them need: a tiny OTLP sink for the traces, and a real
 * redis-server (Debian's package) for the brute-force counters. Both are pinned to the upstream core like the
 * emulator, so that the core under test runs the facade alone, and both are started through proc.ts, so the run
 * stops them at its end whatever happens (stopAll).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { ME } from '../scenarios/s1';
import { freePort, start, waitForPort, type Proc } from './proc';

export type Feature = 'metrics' | 'tracing' | 'sessionCache' | 'redis' | 'trustedDocuments';

/** A service a feature talks to: its process and where it listens. */
export interface Helper {
  proc: Proc;
  url: string;
}

type HelperKind = 'otlp' | 'redis';

/** The redis-server binary on PATH, or `null` when this machine has none (F2 is then skipped). */
export function redisServerBinary(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const binary = found.stdout.trim();
  return found.status === 0 && binary !== '' ? binary : null;
}

async function startOtlpSink(core: number): Promise<Helper> {
  const port = await freePort();
  const proc = start({
    name: 'otlp-sink',
    core,
    command: process.execPath,
    args: ['--import', 'tsx', path.join(__dirname, '..', 'arms', 'otlpSink.ts'), String(port)],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  await waitForPort(proc, port);
  return { proc, url: `http://127.0.0.1:${port}` };
}

async function startRedis(core: number): Promise<Helper> {
  const binary = redisServerBinary();
  if (binary === null) throw new Error('redis-server is not installed: apt-get install -y redis-server');
  const port = await freePort();
  // In memory only: nothing written to disk during a round.
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const proc = start({ name: 'redis', core, command: binary, args });
  await waitForPort(proc, port);
  return { proc, url: `redis://127.0.0.1:${port}` };
}

/**
 * The services of the facade variants a pool runs, started on first need. Like the servers, kept for the whole
 * run by the smoke (shared) and stopped at the end of each scenario otherwise.
 */
export class Helpers {
  private readonly started = new Map<HelperKind, Promise<Helper>>();

  constructor(private readonly core: number) {}

  get(kind: HelperKind): Promise<Helper> {
    let helper = this.started.get(kind);
    if (helper === undefined) {
      helper = kind === 'otlp' ? startOtlpSink(this.core) : startRedis(this.core);
      this.started.set(kind, helper);
    }
    return helper;
  }

  async stop(): Promise<void> {
    const all = [...this.started.values()];
    this.started.clear();
    // One that failed to start has nothing to stop here (stopAll reaps its process).
    await Promise.all(
      all.map((helper) =>
        helper.then(
          (started) => started.proc.stop(),
          () => undefined,
        ),
      ),
    );
  }
}

/** The settings that turn `feature` on, on top of the benchmark's facade settings. */
export async function featureEnv(feature: Feature, helpers: Helpers): Promise<NodeJS.ProcessEnv> {
  switch (feature) {
    case 'metrics':
      return { METRICS: 'true' };
    case 'tracing':
      // Every request sampled (the default sampler, parentbased_always_on), the default batch processor.
      return { OTEL_EXPORTER_OTLP_ENDPOINT: (await helpers.get('otlp')).url };
    case 'sessionCache':
      return { SESSION_CACHE_TTL: '60' };
    case 'redis':
      return { REDIS_URL: (await helpers.get('redis')).url };
    case 'trustedDocuments':
      // Only the manifest's documents may run; the arm sends S1's `me` by id.
      return { TRUSTED_DOCUMENTS: trustedManifest(), TRUSTED_DOCUMENTS_ONLY: 'true' };
  }
}

/** The id clients send for `document` (GraphQL Code Generator's `persistedDocuments` with sha256). */
export const documentIdOf = (document: string): string => createHash('sha256').update(document).digest('hex');

/** A manifest in GraphQL Code Generator's format holding S1's `me`, written once per run. */
let manifest: string | undefined;
function trustedManifest(): string {
  if (manifest === undefined) {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bench-documents-')), 'persisted-documents.json');
    writeFileSync(file, JSON.stringify({ [documentIdOf(ME)]: ME }));
    manifest = file;
  }
  return manifest;
}

/** What the OTLP sink has received so far. */
export async function otlpReceived(sinkUrl: string): Promise<{ exports: number; bytes: number }> {
  const response = await fetch(`${sinkUrl}/count`);
  return (await response.json()) as { exports: number; bytes: number };
}

/** Commands Redis ran so far, from INFO commandstats, leaving out the INFO commands of this count itself. */
function commandsRun(commandstats: string): number {
  let total = 0;
  for (const match of commandstats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (match[1] !== 'info') total += Number(match[2]);
  }
  return total;
}

/** Redis commands that `send` causes (the facade's, since nothing else talks to this Redis). */
export async function redisCommands(url: string, send: () => Promise<void>): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    const before = commandsRun(await client.info('commandstats'));
    await send();
    return commandsRun(await client.info('commandstats')) - before;
  } finally {
    client.disconnect();
  }
}
