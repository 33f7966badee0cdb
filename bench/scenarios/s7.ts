/**
 * S7: a slow upstream. Whoami answers 20 ms late (the emulator's delay fault); an open-model load at ~70% of the
 * raw proxy's capacity arrives whatever the answers, and latency is measured from each request's scheduled
 * time. p99 of the facade against the raw proxy at the same rate; any failed request fails the run.
 *
 * The capacity is measured here, with the delay on and the same Node driver (closed model, as many virtual users
 * as the proxy has upstream sockets), not taken from S1: S1's capacity is wrk's against an instant upstream, and
 * 70% of it overloaded even the raw proxy (its p99 grew to seconds), which made the ratio meaningless.
 */
import type { Step } from '../lib/driver';
import { interleave } from '../lib/rounds';
import { clearFaults, delayUpstream } from '../lib/ory';
import {
  driverArm,
  probe,
  gqlTarget,
  ratioTarget,
  roundRatio,
  summarize,
  type RunContext,
  type ScenarioResult,
} from '../lib/scenario';
import { ME } from './s1';

const DELAY_MS = 20;
const SHARE = 0.7;
const CONNECTIONS = 512;
/** The raw proxy's upstream pool (bench/arms/rawProxy.ts): more virtual users than this only queue. */
const CALIBRATION_USERS = 128;
const CALIBRATION_SECONDS = 5;

export async function s7(ctx: RunContext): Promise<ScenarioResult> {
  const { adminUrl } = ctx.emulator;
  try {
    const raw = await ctx.servers.get('raw');
    const facade = await ctx.servers.get('facade');
    const headers = { 'content-type': 'application/json', 'x-session-token': ctx.seed.token };
    const body = JSON.stringify({ query: ME });
    const targets = {
      raw: { pid: raw.proc.pid, url: `${raw.url}/me` },
      facade: { pid: facade.proc.pid, url: facade.url },
    };
    for (const [name, { url }] of Object.entries(targets))
      await probe(name, gqlTarget(url, ME, undefined, headers), ctx.seed.users[0]!);
    await delayUpstream(adminUrl, '/sessions/whoami', DELAY_MS);
    const steps = (url: string): Step[] => [
      { method: 'POST', path: new URL(url).pathname, headers, body, expect: ctx.seed.users[0]! },
    ];
    const capacity = ctx.options.smoke
      ? 100
      : (
          await driverArm('raw capacity', raw.proc.pid, {
            mode: 'closed',
            origin: new URL(targets.raw.url).origin,
            connections: CALIBRATION_USERS,
            steps: steps(targets.raw.url),
          }).load(CALIBRATION_SECONDS)
        ).rps;
    const rate = Math.round(SHARE * capacity);
    ctx.log(
      `    raw proxy capacity with a ${DELAY_MS} ms upstream: ${Math.round(capacity)} req/s; load ${rate} req/s`,
    );
    const arms = Object.entries(targets).map(([name, { pid, url }]) => {
      return driverArm(name, pid, {
        mode: 'open',
        origin: new URL(url).origin,
        rate,
        connections: CONNECTIONS,
        steps: steps(url),
      });
    });
    const plan = ctx.plan('saturation');
    const figures = await interleave(
      arms,
      { ...plan, warmupSeconds: Math.min(plan.warmupSeconds, 3) },
      ctx.emulator.proc.pid,
      ctx.log,
    );
    return {
      id: 'S7',
      title: `a ${DELAY_MS} ms upstream at ~70% of the raw proxy's capacity (open model)`,
      setup: `${rate.toLocaleString('en-US')} req/s (${Math.round((rate / capacity) * 100)}% of the ${Math.round(capacity).toLocaleString('en-US')} req/s the raw proxy serves with the ${DELAY_MS} ms upstream, ${CALIBRATION_USERS} virtual users for ${CALIBRATION_SECONDS} s), up to ${CONNECTIONS} connections, ${plan.rounds} interleaved rounds of ${plan.seconds} s; latency from the scheduled send time`,
      arms: { raw: summarize(figures.raw!), facade: summarize(figures.facade!) },
      targets: [
        ratioTarget('p99, facade / raw proxy', roundRatio(figures, 'facade', 'raw', 'p99Ms'), '<=', 1.3),
      ],
      notes: ['Zero failed requests (any failure fails the run).'],
    };
  } finally {
    await clearFaults(adminUrl);
    await ctx.servers.release();
  }
}
