/**
 * S2: a native sign-in, as a client does it: create a login flow, then submit the password (two requests, two
 * upstream calls). Arms: the client calling Ory directly, the raw proxy, the facade. Figures are per sign-in.
 */
import { interleave } from '../lib/rounds';
import {
  driverArm,
  ratioTarget,
  roundRatio,
  summarize,
  type RunContext,
  type ScenarioResult,
} from '../lib/scenario';
import type { Step } from '../lib/driver';

const FLOW_ID = '"id":"([0-9a-f-]{36})"';

/** A native sign-in through the facade at `path`: create the flow, submit the password (also F2's). */
export function facadeSignInSteps(path: string, login: { email: string; password: string }): Step[] {
  const json = { 'content-type': 'application/json' };
  return [
    {
      method: 'POST',
      path,
      headers: json,
      body: '{"query":"mutation { createLoginFlow { id } }"}',
      extract: FLOW_ID,
    },
    {
      method: 'POST',
      path,
      headers: json,
      body: JSON.stringify({
        query:
          'mutation ($flowId: ID!, $identifier: String!, $password: String!) { updateLoginFlow(input: { flowId: $flowId, password: { identifier: $identifier, password: $password } }) { __typename ... on LoginSuccess { sessionToken session { id } } } }',
        variables: { flowId: '{{flow}}', identifier: login.email, password: login.password },
      }),
      expect: 'LoginSuccess',
    },
  ];
}

export async function s2(ctx: RunContext): Promise<ScenarioResult> {
  const { publicUrl } = ctx.emulator;
  const { email, password } = ctx.seed.login;
  try {
    const raw = await ctx.servers.get('raw');
    const facade = await ctx.servers.get('facade');
    const json = { 'content-type': 'application/json' };
    const submitVariables = { flowId: '{{flow}}', identifier: email, password };
    const steps: Record<string, { origin: string; pid: number | null; steps: Step[] }> = {
      direct: {
        origin: publicUrl,
        pid: null,
        steps: [
          {
            method: 'GET',
            path: '/self-service/login/api',
            headers: { accept: 'application/json' },
            extract: FLOW_ID,
          },
          {
            method: 'POST',
            path: '/self-service/login?flow={{flow}}',
            headers: { ...json, accept: 'application/json' },
            body: JSON.stringify({ method: 'password', identifier: email, password }),
            expect: 'session_token',
          },
        ],
      },
      raw: {
        origin: raw.url,
        pid: raw.proc.pid,
        steps: [
          {
            method: 'POST',
            path: '/login/create',
            headers: json,
            body: '{"query":"mutation { createLoginFlow { id } }"}',
            extract: FLOW_ID,
          },
          {
            method: 'POST',
            path: '/login/submit',
            headers: json,
            body: JSON.stringify({ variables: submitVariables }),
            expect: 'LoginSuccess',
          },
        ],
      },
      facade: {
        origin: new URL(facade.url).origin,
        pid: facade.proc.pid,
        steps: facadeSignInSteps(new URL(facade.url).pathname, ctx.seed.login),
      },
    };
    const arms = (connections: number) =>
      Object.entries(steps).map(([name, arm]) =>
        driverArm(name, arm.pid, { mode: 'closed', origin: arm.origin, connections, steps: arm.steps }),
      );
    const plan = ctx.plan('short');
    ctx.log('  c=10');
    const c10 = await interleave(arms(10), plan, ctx.emulator.proc.pid, ctx.log);
    ctx.log('  c=1');
    const c1 = ctx.options.smoke
      ? c10
      : await interleave(
          arms(1),
          { ...ctx.plan('latency'), warmupSeconds: 0 },
          ctx.emulator.proc.pid,
          ctx.log,
        );
    const reported = (name: string, value: ReturnType<typeof roundRatio>) => ({
      ...ratioTarget(name, value, '<=', Number.POSITIVE_INFINITY),
      target: 'reported',
      met: true,
    });
    return {
      id: 'S2',
      title: 'native sign-in (create a flow, submit a password): figures per sign-in',
      setup: `Node driver, 10 then 1 virtual users, ${plan.rounds} interleaved rounds of ${plan.seconds} s`,
      arms: Object.fromEntries(
        Object.keys(steps).map((name) => [
          name,
          summarize(c10[name]!, { c1P50Ms: summarize(c1[name]!).p50Ms }),
        ]),
      ),
      targets: [
        reported('p50 at c=1, facade / direct', roundRatio(c1, 'facade', 'direct', 'p50Ms')),
        reported('p50 at c=1, facade / raw proxy', roundRatio(c1, 'facade', 'raw', 'p50Ms')),
        reported('CPU per sign-in at c=10, facade / raw proxy', roundRatio(c10, 'facade', 'raw', 'cpuUs')),
      ],
      notes: ['The emulator hashes the password (scrypt) on each sign-in; it dominates the upstream time.'],
    };
  } finally {
    await ctx.servers.release();
  }
}
