/**
 * Interleaved rounds (performance.md §5): every arm is warmed up, then each round runs every arm once, in
 * alternating order (ABC, CBA, ...), reading the CPU time of the process under test (and of the emulator) from
 * /proc around its load. Any failed request fails the run.
 */
import { cpuSeconds, rssMiB } from './proc';

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  bytes?: number;
  firstFailure?: string;
}

export interface Arm {
  name: string;
  /** The process under test (null: the load goes straight to the emulator). */
  pid: number | null;
  load(seconds: number): Promise<LoadResult>;
}

export interface RoundFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU µs per request of the process under test (of the emulator for a direct arm). */
  cpuUs: number;
  /** CPU µs per request of the emulator. */
  upstreamCpuUs: number;
  bytesPerResponse: number;
  requests: number;
}

export interface ArmFigures {
  arm: string;
  rounds: RoundFigures[];
  rssAfterMiB: number | null;
}

export interface RoundPlan {
  warmupSeconds: number;
  rounds: number;
  seconds: number;
}

export class RunFailure extends Error {}

export async function interleave(
  arms: Arm[],
  plan: RoundPlan,
  upstreamPid: number,
  log: (line: string) => void,
): Promise<Record<string, ArmFigures>> {
  const figures: Record<string, ArmFigures> = {};
  for (const arm of arms) {
    figures[arm.name] = { arm: arm.name, rounds: [], rssAfterMiB: null };
    if (plan.warmupSeconds > 0) check(arm, await arm.load(plan.warmupSeconds));
  }
  for (let round = 0; round < plan.rounds; round += 1) {
    const order = round % 2 === 0 ? arms : [...arms].reverse();
    for (const arm of order) {
      const pid = arm.pid ?? upstreamPid;
      const cpu0 = cpuSeconds(pid);
      const upstream0 = cpuSeconds(upstreamPid);
      const result = check(arm, await arm.load(plan.seconds));
      const cpu = cpuSeconds(pid) - cpu0;
      const upstream = cpuSeconds(upstreamPid) - upstream0;
      const one: RoundFigures = {
        rps: result.rps,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        cpuUs: (cpu / result.requests) * 1e6,
        upstreamCpuUs: (upstream / result.requests) * 1e6,
        bytesPerResponse: result.bytes === undefined ? Number.NaN : result.bytes / result.requests,
        requests: result.requests,
      };
      figures[arm.name]!.rounds.push(one);
      log(
        `    round ${round + 1} ${arm.name.padEnd(10)} ${one.rps.toFixed(0).padStart(6)} req/s  p50 ${one.p50Ms.toFixed(2)} ms  p99 ${one.p99Ms.toFixed(2)} ms  cpu ${one.cpuUs.toFixed(0)} µs/req`,
      );
    }
  }
  for (const arm of arms) if (arm.pid !== null) figures[arm.name]!.rssAfterMiB = rssMiB(arm.pid);
  return figures;
}

function check(arm: Arm, result: LoadResult): LoadResult {
  if (result.failures > 0 || result.requests === 0) {
    throw new RunFailure(
      `${arm.name}: ${result.failures} failed of ${result.requests} requests${result.firstFailure === undefined ? '' : ` (${result.firstFailure})`}`,
    );
  }
  return result;
}
