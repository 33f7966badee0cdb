/**
 * S1: `{ me { id active expiresAt identity { id traits } } }` by session token (and by cookie): one upstream
 * whoami. Arms: direct REST to Ory, the raw node:http proxy (the physical limit), a naive Apollo Server with one
 * resolver, the facade, and (token only) the Mesh/Hive peer.
 */
import { PEER_QUERY } from '../arms/peer';
import { interleave, type Arm } from '../lib/rounds';
import { rssMiB, sleep } from '../lib/proc';
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
} from '../lib/scenario';
import type { HttpTarget } from '../lib/wrk';

export const ME = '{ me { id active expiresAt identity { id traits } } }';
const RSS_LIMIT_MIB = 130;

export async function s1(ctx: RunContext, by: 'token' | 'cookie'): Promise<ScenarioResult> {
  const { publicUrl } = ctx.emulator;
  const credential: Record<string, string> =
    by === 'token' ? { 'x-session-token': ctx.seed.token } : { cookie: ctx.seed.cookie };
  const withPeer = by === 'token' && ctx.options.peer;
  try {
    const raw = await ctx.servers.get('raw');
    const naive = await ctx.servers.get('naive');
    const facade = await ctx.servers.get('facade');
    const peer = withPeer ? await ctx.servers.get('peer') : null;

    const targets: Record<string, { pid: number | null; target: HttpTarget }> = {
      direct: {
        pid: null,
        target: {
          url: `${publicUrl}/sessions/whoami`,
          method: 'GET',
          headers: { accept: 'application/json', ...credential },
          graphql: false,
        },
      },
      raw: { pid: raw.proc.pid, target: gqlTarget(`${raw.url}/me`, ME, undefined, credential) },
      naive: { pid: naive.proc.pid, target: gqlTarget(naive.url, ME, undefined, credential) },
      facade: { pid: facade.proc.pid, target: gqlTarget(facade.url, ME, undefined, credential) },
      ...(peer === null
        ? {}
        : { peer: { pid: peer.proc.pid, target: gqlTarget(peer.url, PEER_QUERY, undefined, credential) } }),
    };
    const identityId = ctx.seed.users[0]!;
    for (const [name, { target }] of Object.entries(targets)) await probe(name, target, identityId);
    const calls = await countCalls(ctx, targets.facade!.target);
    await sleep(500);
    const rssIdle = rssMiB(facade.proc.pid);

    const arms = (connections: number): Arm[] =>
      Object.entries(targets).map(([name, { pid, target }]) => wrkArm(name, pid, target, connections));
    ctx.log(`  c=10`);
    const c10 = await interleave(arms(10), ctx.plan('saturation'), ctx.emulator.proc.pid, ctx.log);
    ctx.log(`  c=1`);
    const c1 = ctx.options.smoke
      ? c10
      : await interleave(arms(1), ctx.plan('latency'), ctx.emulator.proc.pid, ctx.log);

    const summaries = Object.fromEntries(
      Object.keys(targets).map((name) => [
        name,
        summarize(c10[name]!, {
          c1P50Ms: summarize(c1[name]!).p50Ms,
          ...(name === 'facade' ? { rssIdleMiB: rssIdle, calls } : {}),
        }),
      ]),
    );
    const rssAfter = c10.facade!.rssAfterMiB ?? Number.NaN;
    return {
      id: by === 'token' ? 'S1' : 'S1c',
      title: `\`me\` by ${by === 'token' ? 'session token' : 'session cookie'}`,
      setup: `wrk -t1 -c10 (and -c1 for latency), ${ctx.plan('saturation').rounds} interleaved rounds of ${ctx.plan('saturation').seconds} s after ${ctx.plan('saturation').warmupSeconds} s warm-up`,
      arms: summaries,
      targets: [
        ratioTarget(
          'CPU per request, facade / raw proxy',
          roundRatio(c10, 'facade', 'raw', 'cpuUs'),
          '<=',
          2,
          1.5,
        ),
        ratioTarget('p50 at c=10, facade / raw proxy', roundRatio(c10, 'facade', 'raw', 'p50Ms'), '<=', 1.5),
        ...(withPeer
          ? [ratioTarget('throughput, facade / peer', roundRatio(c10, 'facade', 'peer', 'rps'), '>=', 5)]
          : []),
        valueTarget('facade RSS after load', Math.round(rssAfter), ' MiB', '<=', RSS_LIMIT_MIB),
        gateCalls(ctx, valueTarget('upstream calls per request', calls, '', '=', 1)),
      ],
      notes: [],
    };
  } finally {
    await ctx.servers.release();
  }
}
