/**
 * S6: the document caches. The facade answers `me` sent as one repeated document, as 1,000 distinct documents
 * (operation names Q1..Q1000, round-robin) and as documents that never repeat (a new name per request: every
 * one a parse, validation and cost-analysis miss). CPU per request against the repeated one; RSS growth.
 */
import { interleave } from '../lib/rounds';
import { rssMiB } from '../lib/proc';
import {
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

const RSS_GROWTH_LIMIT_MIB = 64;

export async function s6(ctx: RunContext): Promise<ScenarioResult> {
  const facade = await ctx.servers.get('facade');
  try {
    const target = (count: number): HttpTarget => ({
      url: facade.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-session-token': ctx.seed.token },
      body: JSON.stringify({ query: 'query Q{{n}} { me { id active expiresAt identity { id traits } } }' }),
      vary: { count },
      graphql: true,
    });
    await probe('facade', target(1), ctx.seed.users[0]!);
    const pid = facade.proc.pid;
    const plan = ctx.plan('short');
    // Warm the repeated path first, so the growth below is the distinct documents' alone.
    await interleave(
      [wrkArm('repeated', pid, target(1), 10)],
      { ...plan, rounds: 0 },
      ctx.emulator.proc.pid,
      ctx.log,
    );
    const before = rssMiB(pid);
    const figures = await interleave(
      [
        wrkArm('repeated', pid, target(1), 10),
        wrkArm('distinct', pid, target(1000), 10),
        wrkArm('unique', pid, target(0), 10),
      ],
      { ...plan, warmupSeconds: 0 },
      ctx.emulator.proc.pid,
      ctx.log,
    );
    const after = rssMiB(pid);
    const unique = figures.unique!.rounds.reduce((sum, round) => sum + round.requests, 0);
    return {
      id: 'S6',
      title: '1,000 distinct documents (and never-repeating ones) vs one repeated',
      setup: `wrk -t1 -c10, ${plan.rounds} interleaved rounds of ${plan.seconds} s; ${unique.toLocaleString('en-US')} never-repeating documents in all`,
      arms: {
        repeated: summarize(figures.repeated!, { rssIdleMiB: before }),
        distinct: summarize(figures.distinct!),
        unique: summarize(figures.unique!, { rssAfterMiB: after }),
      },
      targets: [
        ratioTarget(
          'CPU per request, 1,000 distinct / repeated',
          roundRatio(figures, 'distinct', 'repeated', 'cpuUs'),
          '<=',
          1.8,
        ),
        {
          ...ratioTarget(
            'CPU per request, never-repeating / repeated',
            roundRatio(figures, 'unique', 'repeated', 'cpuUs'),
            '<=',
            Number.POSITIVE_INFINITY,
          ),
          target: 'reported',
          met: true,
        },
        valueTarget(
          'RSS growth over the distinct and never-repeating rounds',
          Math.round(after - before),
          ' MiB',
          '<=',
          RSS_GROWTH_LIMIT_MIB,
        ),
      ],
      notes: [],
    };
  } finally {
    await ctx.servers.release();
  }
}
