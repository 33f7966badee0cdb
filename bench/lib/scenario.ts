/**
 * What every scenario uses: the run's context, arms driven by wrk or by the Node driver, a probe that checks
 * one answer of each arm before any load, upstream call counts, and the targets as the report states them.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { DriverConfig, DriverResult } from './driver';
import type { Seed } from './ory';
import { upstreamCalls } from './ory';
import { type Proc } from './proc';
import type { Arm, ArmFigures, LoadResult, RoundPlan } from './rounds';
import { RunFailure } from './rounds';
import { ROOT, UPSTREAM_CORE, type ServerPool } from './servers';
import { ratios, spread, type Spread } from './stats';
import { runWrk, type HttpTarget } from './wrk';

export interface RunOptions {
  smoke: boolean;
  peer: boolean;
  /** Wrong upstream call counts fail the run (off only to measure a "before" that is known to miss). */
  callGate: boolean;
}

/** `features`: more rounds, for the small differences between the facade with and without a feature. */
export type PlanKind = 'saturation' | 'short' | 'latency' | 'features';

export interface RunContext {
  options: RunOptions;
  emulator: { proc: Proc; publicUrl: string; adminUrl: string };
  servers: ServerPool;
  seed: Seed;
  plan(kind: PlanKind): RoundPlan;
  log: (line: string) => void;
}

export interface TargetResult {
  name: string;
  /** The figure, as printed (median [min–max] for ratios). */
  value: string;
  target: string;
  met: boolean;
}

export interface ArmSummary {
  rps: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  cpuUs: Spread;
  upstreamCpuUs: Spread;
  bytesPerResponse: Spread;
  rssIdleMiB?: number;
  rssAfterMiB?: number | null;
  c1P50Ms?: Spread;
  calls?: number;
  /** CPU per request against another arm of the scenario, per round (F1, F2: each feature against none). */
  cpuVs?: { arm: string; ratio: Spread };
}

export interface ScenarioResult {
  id: string;
  title: string;
  /** Concurrency and durations, as printed. */
  setup: string;
  arms: Record<string, ArmSummary>;
  targets: TargetResult[];
  notes: string[];
}

export function gqlTarget(
  url: string,
  query: string,
  variables?: unknown,
  headers: Record<string, string> = {},
): HttpTarget {
  return {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
    graphql: true,
  };
}

export function wrkArm(name: string, pid: number | null, target: HttpTarget, connections: number): Arm {
  return {
    name,
    pid,
    load: (seconds) => runWrk(target, { connections, seconds, core: UPSTREAM_CORE }),
  };
}

function runDriver(config: DriverConfig): Promise<DriverResult> {
  const args = [
    '-c',
    String(UPSTREAM_CORE),
    process.execPath,
    '--import',
    'tsx',
    path.join(ROOT, 'bench', 'lib', 'driver.ts'),
    JSON.stringify(config),
  ];
  return new Promise((resolve, reject) => {
    execFile('taskset', args, { cwd: ROOT, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const line = /RESULT (\{.*\})/.exec(stdout)?.[1];
      if (error !== null || line === undefined) reject(new Error(`driver failed: ${stderr}`));
      else resolve(JSON.parse(line) as DriverResult);
    });
  });
}

export function driverArm(name: string, pid: number | null, config: Omit<DriverConfig, 'seconds'>): Arm {
  return {
    name,
    pid,
    async load(seconds): Promise<LoadResult> {
      const result = await runDriver({ ...config, seconds });
      return { ...result, requests: result.completed };
    },
  };
}

/** Sends the target once and checks the answer: 2xx, no errors, and `expect` in the body. Returns the body. */
export async function probe(name: string, target: HttpTarget, expect: string): Promise<string> {
  const body = target.body?.replaceAll('{{n}}', '1');
  const response = await fetch(target.url, { method: target.method, headers: target.headers, body });
  const text = await response.text();
  if (!response.ok || (target.graphql && text.includes('"errors"')) || !text.includes(expect)) {
    throw new RunFailure(`${name}: unexpected answer ${response.status} ${text.slice(0, 400)}`);
  }
  return text;
}

/** Upstream calls one request of `target` causes. */
export async function countCalls(ctx: RunContext, target: HttpTarget): Promise<number> {
  const calls = await upstreamCalls(ctx.emulator.adminUrl, async () => {
    await probe('count', target, '');
  });
  return calls.length;
}

export function summarize(figures: ArmFigures, extra: Partial<ArmSummary> = {}): ArmSummary {
  const of = (key: keyof ArmFigures['rounds'][number]) => spread(figures.rounds.map((round) => round[key]));
  return {
    rps: of('rps'),
    p50Ms: of('p50Ms'),
    p99Ms: of('p99Ms'),
    cpuUs: of('cpuUs'),
    upstreamCpuUs: of('upstreamCpuUs'),
    bytesPerResponse: of('bytesPerResponse'),
    rssAfterMiB: figures.rssAfterMiB,
    ...extra,
  };
}

/** Per-round ratio of one figure between two arms. */
export function roundRatio(
  figures: Record<string, ArmFigures>,
  a: string,
  b: string,
  key: 'rps' | 'p50Ms' | 'p99Ms' | 'cpuUs',
): Spread {
  const of = (arm: string) => figures[arm]?.rounds.map((round) => round[key]) ?? [];
  return ratios(of(a), of(b));
}

export function ratioTarget(
  name: string,
  value: Spread,
  op: '<=' | '>=',
  limit: number,
  stretch?: number,
): TargetResult {
  const f = (x: number) => x.toFixed(2);
  const shown =
    value.n <= 1 || value.min === value.max
      ? `${f(value.median)}×`
      : `${f(value.median)}× [${f(value.min)}–${f(value.max)}]`;
  const met = op === '<=' ? value.median <= limit : value.median >= limit;
  const stretchNote =
    stretch === undefined
      ? ''
      : ` (stretch ${op} ${stretch}×: ${(op === '<=' ? value.median <= stretch : value.median >= stretch) ? 'met' : 'missed'})`;
  return { name, value: shown, target: `${op} ${limit}×${stretchNote}`, met };
}

/** A ratio the report states with no target (a cost, not a goal). */
export function reportedRatio(name: string, value: Spread): TargetResult {
  return { ...ratioTarget(name, value, '<=', Number.POSITIVE_INFINITY), target: 'reported', met: true };
}

export function valueTarget(
  name: string,
  value: number,
  unit: string,
  op: '<=' | '>=' | '=',
  limit: number,
): TargetResult {
  const met = op === '<=' ? value <= limit : op === '>=' ? value >= limit : value === limit;
  const digits = Number.isInteger(value) ? 0 : 1;
  return {
    name,
    value: `${value.toFixed(digits)}${unit}`,
    target: `${op === '=' ? '=' : op} ${limit}${unit}`,
    met,
  };
}

/** Call counts are deterministic: a wrong one fails the run (unless measuring a known "before"). */
export function gateCalls(ctx: RunContext, target: TargetResult): TargetResult {
  if (!target.met && ctx.options.callGate)
    throw new RunFailure(`upstream calls: ${target.name} is ${target.value}, expected ${target.target}`);
  return target;
}
