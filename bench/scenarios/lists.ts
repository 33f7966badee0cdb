/**
 * The list scenarios, facade against a raw proxy making the same Ory calls (in parallel where they can be):
 * S3 `identities(first: 50) { sessions }` (one call per identity: Kratos has no batch read of sessions),
 * S4 `sessions(first: 100) { identity }`, S5 `_entities` for 100 and 600 identities, S8 an admin page of 100
 * identities with `credentials`. Latency at c=1, CPU per request and throughput at c=10, upstream calls.
 */
import { interleave } from '../lib/rounds';
import {
  countCalls,
  gateCalls,
  gqlTarget,
  probe,
  ratioTarget,
  roundRatio,
  summarize,
  valueTarget,
  wrkArm,
  type RunContext,
  type ScenarioResult,
  type TargetResult,
} from '../lib/scenario';
import { ADMIN_TOKEN, ROUTER_SECRET } from '../lib/servers';

interface ListSpec {
  id: string;
  title: string;
  query: string;
  variables: Record<string, unknown>;
  /** The raw proxy's route doing the same calls. */
  rawPath: string;
  headers?: Record<string, string>;
  /** Text every answer contains (an identity id). */
  expect: string;
  /** Upstream calls per request: exactly (`=`) or at most (`<=`). */
  calls: { op: '=' | '<='; n: number };
  /** p50 at c=1, facade / raw proxy, at most this (none: reported only). */
  latencyLimit?: number;
}

async function listScenario(ctx: RunContext, spec: ListSpec): Promise<ScenarioResult> {
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, ...spec.headers };
  try {
    const raw = await ctx.servers.get('raw');
    const facade = await ctx.servers.get('facade');
    const targets = {
      raw: {
        pid: raw.proc.pid,
        target: gqlTarget(`${raw.url}${spec.rawPath}`, spec.query, spec.variables, headers),
      },
      facade: { pid: facade.proc.pid, target: gqlTarget(facade.url, spec.query, spec.variables, headers) },
    };
    for (const [name, { target }] of Object.entries(targets)) await probe(name, target, spec.expect);
    const calls = await countCalls(ctx, targets.facade.target);
    const rawCalls = await countCalls(ctx, targets.raw.target);
    const arms = (connections: number) =>
      Object.entries(targets).map(([name, { pid, target }]) => wrkArm(name, pid, target, connections));
    ctx.log('  c=1');
    const c1 = await interleave(arms(1), ctx.plan('short'), ctx.emulator.proc.pid, ctx.log);
    ctx.log('  c=10');
    const c10 = ctx.options.smoke
      ? c1
      : await interleave(
          arms(10),
          { ...ctx.plan('short'), warmupSeconds: 0 },
          ctx.emulator.proc.pid,
          ctx.log,
        );
    const latency = roundRatio(c1, 'facade', 'raw', 'p50Ms');
    const targets_: TargetResult[] = [
      gateCalls(
        ctx,
        valueTarget('upstream calls per request (facade)', calls, '', spec.calls.op, spec.calls.n),
      ),
      spec.latencyLimit === undefined
        ? {
            ...ratioTarget('p50 at c=1, facade / raw proxy', latency, '<=', Number.POSITIVE_INFINITY),
            target: 'reported',
            met: true,
          }
        : ratioTarget('p50 at c=1, facade / raw proxy (same calls)', latency, '<=', spec.latencyLimit),
      {
        ...ratioTarget(
          'CPU per request at c=10, facade / raw proxy',
          roundRatio(c10, 'facade', 'raw', 'cpuUs'),
          '<=',
          Number.POSITIVE_INFINITY,
        ),
        target: 'reported',
        met: true,
      },
    ];
    return {
      id: spec.id,
      title: spec.title,
      setup: `wrk -t1 -c1 then -c10, ${ctx.plan('short').rounds} interleaved rounds of ${ctx.plan('short').seconds} s each`,
      arms: {
        raw: summarize(c10.raw!, { c1P50Ms: summarize(c1.raw!).p50Ms, calls: rawCalls }),
        facade: summarize(c10.facade!, { c1P50Ms: summarize(c1.facade!).p50Ms, calls }),
      },
      targets: targets_,
      notes: [],
    };
  } finally {
    await ctx.servers.release();
  }
}

const IDENTITY_SESSIONS =
  'query ($first: Int!) { identities(first: $first) { nodes { id traits sessions(first: 5) { nodes { id active expiresAt } } } } }';

export function s3(ctx: RunContext): Promise<ScenarioResult> {
  const first = 50;
  return listScenario(ctx, {
    id: 'S3',
    title: '`identities(first: 50) { sessions }` (one call per identity)',
    query: IDENTITY_SESSIONS,
    variables: { first },
    rawPath: '/identities-sessions',
    expect: '"sessions"',
    calls: { op: '=', n: 1 + first },
    latencyLimit: 1.3,
  });
}

export function s4(ctx: RunContext): Promise<ScenarioResult> {
  return listScenario(ctx, {
    id: 'S4',
    title: '`sessions(first: 100) { identity }`',
    query: '{ sessions(first: 100) { nodes { id active identity { id traits } } } }',
    variables: {},
    rawPath: '/sessions',
    expect: '"identity"',
    calls: { op: '<=', n: 2 },
    latencyLimit: 1.3,
  });
}

const ENTITIES =
  'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Identity { id traits } } }';

export function s5(ctx: RunContext, count: 100 | 600): Promise<ScenarioResult> {
  const ids = ctx.seed.identities.slice(0, count);
  return listScenario(ctx, {
    id: count === 100 ? 'S5' : 'S5b',
    title: `\`_entities\` for ${count} identities`,
    query: ENTITIES,
    variables: { representations: ids.map((id) => ({ __typename: 'Identity', id })) },
    rawPath: '/entities',
    headers: { 'x-router-secret': ROUTER_SECRET },
    expect: ids.at(-1)!,
    calls: { op: '=', n: count === 100 ? 1 : 2 },
  });
}

export function s8(ctx: RunContext): Promise<ScenarioResult> {
  return listScenario(ctx, {
    id: 'S8',
    title: 'an admin page of 100 identities with `credentials`',
    query:
      'query ($first: Int!) { identities(first: $first) { nodes { id credentials { type identifiers } } } }',
    variables: { first: 100 },
    rawPath: '/identities-credentials',
    expect: '"PASSWORD"',
    calls: { op: '<=', n: 2 },
    latencyLimit: 1.3,
  });
}
