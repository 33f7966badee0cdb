/**
 * What each optional production feature costs (issue 15), as the facade with the feature on against the plain
 * facade, interleaved in the same run:
 * - F1: `me` by session token (S1's document) with Prometheus metrics, with OpenTelemetry tracing (every request
 *   sampled, exported to a local OTLP sink), with the session cache (answered from the process after the
 *   first call: cheaper, not dearer), and with trusted documents only (the same `me` sent by `documentId`).
 * - F2: a native sign-in (S2's create + submit) with the brute-force counters in a real Redis instead of the
 *   process's memory; skipped, with a note, where redis-server is not installed.
 * Before any load, each arm's answer is checked and so is what makes the feature real: the metrics page, spans
 * reaching the sink, zero Ory calls from the cache, counters run in Redis.
 */
import { documentIdOf, otlpReceived, redisCommands, redisServerBinary } from '../lib/features';
import { upstreamCalls } from '../lib/ory';
import { sleep } from '../lib/proc';
import { interleave, RunFailure, type ArmFigures } from '../lib/rounds';
import {
  countCalls,
  driverArm,
  gateCalls,
  gqlTarget,
  probe,
  reportedRatio,
  roundRatio,
  summarize,
  valueTarget,
  wrkArm,
  type ArmSummary,
  type RunContext,
  type ScenarioResult,
  type TargetResult,
} from '../lib/scenario';
import type { Server, ServerKind } from '../lib/servers';
import type { HttpTarget } from '../lib/wrk';
import { facadeSignInSteps } from './s2';
import { ME } from './s1';

const BASE = 'facade';

/** A request by trusted-document id instead of text, as a client built with a persisted-documents manifest sends. */
function documentTarget(url: string, documentId: string, headers: Record<string, string>): HttpTarget {
  return {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ documentId }),
    graphql: true,
  };
}

/** CPU per request of every arm against the plain facade: in the arms table and as reported targets. */
function costs(
  figures: Record<string, ArmFigures>,
  per: string,
): { arms: Record<string, ArmSummary>; targets: TargetResult[] } {
  const arms: Record<string, ArmSummary> = {};
  const targets: TargetResult[] = [];
  for (const name of Object.keys(figures)) {
    const ratio = roundRatio(figures, name, BASE, 'cpuUs');
    arms[name] = summarize(figures[name]!, { cpuVs: { arm: BASE, ratio } });
    if (name !== BASE) targets.push(reportedRatio(`CPU per ${per}, ${name} / ${BASE}`, ratio));
  }
  return { arms, targets };
}

/** Waits for the tracing arm's spans to reach the sink (the batch processor exports every 5 s at the latest). */
async function tracesExported(ctx: RunContext): Promise<{ exports: number; bytes: number }> {
  const sink = await ctx.servers.helper('otlp');
  for (let waited = 0; waited < 7000; waited += 250) {
    const received = await otlpReceived(sink.url);
    if (received.exports > 0) return received;
    await sleep(250);
  }
  throw new RunFailure('facade+tracing: no spans reached the OTLP sink within 7 s');
}

export async function f1(ctx: RunContext): Promise<ScenarioResult> {
  const credential = { 'x-session-token': ctx.seed.token };
  const kinds: ServerKind[] = [
    BASE,
    'facade+metrics',
    'facade+tracing',
    'facade+sessionCache',
    'facade+trustedDocuments',
  ];
  try {
    const targets: { kind: ServerKind; server: Server; target: HttpTarget }[] = [];
    for (const kind of kinds) {
      const server = await ctx.servers.get(kind);
      const target =
        kind === 'facade+trustedDocuments'
          ? documentTarget(server.url, documentIdOf(ME), credential)
          : gqlTarget(server.url, ME, undefined, credential);
      targets.push({ kind, server, target });
    }
    const checks: TargetResult[] = [];
    const calls: Record<string, number> = {};
    for (const { kind, server, target } of targets) {
      // The cache arm's first `me` fills the cache; the one counted is answered from it.
      await probe(kind, target, ctx.seed.users[0]!);
      calls[kind] = await countCalls(ctx, target);
      const expected = kind === 'facade+sessionCache' ? 0 : 1;
      checks.push(
        gateCalls(ctx, valueTarget(`Ory calls per \`me\`, ${kind}`, calls[kind], '', '=', expected)),
      );
      if (kind === 'facade+metrics') {
        await probe(
          `${kind} /metrics`,
          { url: new URL('/metrics', server.url).href, method: 'GET', headers: {}, graphql: false },
          'ory_graphql_requests_total',
        );
      }
    }
    const arms = targets.map(({ kind, server, target }) => wrkArm(kind, server.proc.pid, target, 10));
    const plan = ctx.plan('features');
    ctx.log('  c=10');
    const c10 = await interleave(arms, plan, ctx.emulator.proc.pid, ctx.log);
    const traces = await tracesExported(ctx);
    const requests = c10['facade+tracing']!.rounds.reduce((sum, round) => sum + round.requests, 0);
    const { arms: summaries, targets: ratios } = costs(c10, 'request');
    for (const kind of kinds) summaries[kind]!.calls = calls[kind]!;
    return {
      id: 'F1',
      title: '`me` by session token with each optional feature on: what it costs',
      setup: `wrk -t1 -c10, ${plan.rounds} interleaved rounds of ${plan.seconds} s after ${plan.warmupSeconds} s warm-up; METRICS=true, OTEL_EXPORTER_OTLP_ENDPOINT (every request sampled, a local sink answering 200), SESSION_CACHE_TTL=60, TRUSTED_DOCUMENTS with TRUSTED_DOCUMENTS_ONLY (the same \`me\` sent by \`documentId\`)`,
      arms: summaries,
      targets: [...ratios, ...checks],
      notes: [
        `Tracing: the sink received ${traces.exports} exports, ${Math.round(traces.bytes / 1024)} KiB (about ${Math.round(traces.bytes / Math.max(1, requests))} bytes per measured request, warm-up included in the bytes).`,
        'The cache arm asks Ory once per credential per TTL: its Ory CPU per request is close to nothing.',
      ],
    };
  } finally {
    await ctx.servers.release();
  }
}

/** One sign-in through the facade, checked (the load checks every one of its own). */
async function signIn(url: string, login: { email: string; password: string }): Promise<void> {
  let flow = '';
  for (const step of facadeSignInSteps(new URL(url).pathname, login)) {
    const response = await fetch(new URL(step.path, url), {
      method: step.method,
      headers: step.headers,
      body: step.body?.replaceAll('{{flow}}', flow),
    });
    const text = await response.text();
    if (
      !response.ok ||
      text.includes('"errors"') ||
      (step.expect !== undefined && !text.includes(step.expect))
    )
      throw new RunFailure(`sign-in through ${url}: ${response.status} ${text.slice(0, 300)}`);
    if (step.extract !== undefined) flow = new RegExp(step.extract).exec(text)?.[1] ?? '';
  }
}

export async function f2(ctx: RunContext): Promise<ScenarioResult> {
  const title = 'native sign-in with the brute-force counters in Redis: what it costs, per sign-in';
  if (redisServerBinary() === null) {
    ctx.log('  F2 skipped: redis-server is not installed (apt-get install -y redis-server)');
    return {
      id: 'F2',
      title,
      setup: 'not run',
      arms: {},
      targets: [],
      notes: ['Skipped: no redis-server on this machine (apt-get install -y redis-server).'],
    };
  }
  const { login } = ctx.seed;
  try {
    const kinds: ServerKind[] = [BASE, 'facade+redis'];
    const servers = await Promise.all(kinds.map((kind) => ctx.servers.get(kind)));
    const redis = await ctx.servers.helper('redis');
    const checks: TargetResult[] = [];
    const calls: Record<string, number> = {};
    for (const [i, kind] of kinds.entries()) {
      const send = () => signIn(servers[i]!.url, login);
      calls[kind] = (await upstreamCalls(ctx.emulator.adminUrl, send)).length;
      checks.push(gateCalls(ctx, valueTarget(`Ory calls per sign-in, ${kind}`, calls[kind], '', '=', 2)));
    }
    // Proof that the counters really are in Redis (the facade falls back to memory when Redis is unreachable).
    const commands = await redisCommands(redis.url, () => signIn(servers[1]!.url, login));
    checks.push(
      gateCalls(ctx, valueTarget('Redis commands per sign-in, facade+redis', commands, '', '>=', 1)),
    );
    const arms = kinds.map((kind, i) =>
      driverArm(kind, servers[i]!.proc.pid, {
        mode: 'closed',
        origin: new URL(servers[i]!.url).origin,
        connections: 10,
        steps: facadeSignInSteps(new URL(servers[i]!.url).pathname, login),
      }),
    );
    const plan = ctx.plan('features');
    ctx.log('  c=10');
    const c10 = await interleave(arms, plan, ctx.emulator.proc.pid, ctx.log);
    const { arms: summaries, targets: ratios } = costs(c10, 'sign-in');
    for (const kind of kinds) summaries[kind]!.calls = calls[kind]!;
    return {
      id: 'F2',
      title,
      setup: `Node driver, 10 virtual users, ${plan.rounds} interleaved rounds of ${plan.seconds} s after ${plan.warmupSeconds} s warm-up; REDIS_URL to a local redis-server (in memory, on the upstream core)`,
      arms: summaries,
      targets: [...ratios, ...checks],
      notes: [
        `Each sign-in runs ${commands} Redis commands, in the guard's three sequential steps (read the failure counter, count the attempt against the client, reset the failure counter on success), each a round trip before or after the Ory call. The emulator's scrypt dominates the upstream time.`,
      ],
    };
  } finally {
    await ctx.servers.release();
  }
}
