/**
 * `npm run bench [-- options]`: the benchmark suite (BENCHMARKS.md says what it measures and how).
 *
 *   (no option)      the suite S1–S8 (about 14 minutes on 2 cores)
 *   --smoke          every scenario once, F1 and F2 included, 1-second rounds, no peer: checks answers and call
 *                    counts, not speed
 *   --only=S1,S4     run only these scenarios (S1, S1c, S2, S3, S4, S5, S5b, S6, S7, S8, and F1, F2: the cost of
 *                    each optional feature, `npm run bench:features`; F2 needs redis-server and is skipped, said
 *                    so, without it)
 *   --no-peer        skip the Mesh/Hive peer (and its install)
 *   --save=NAME      also keep the figures as bench/results/NAME.json (`before` is shown beside every target)
 *   --no-call-gate   report wrong upstream call counts instead of failing (to measure a known "before")
 *   --no-write       do not regenerate BENCHMARKS.md (nor bench/results/latest.json)
 *
 * BENCH_FACADE_ROOT=<checkout> benchmarks the build of another checkout instead of this one (not rebuilt here):
 * how the "before" figures are measured.
 *
 * Any failed request, non-2xx answer or GraphQL error fails the run (exit 1), as does a wrong call count.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { installPeer, peerVersions } from './arms/peer';
import { seed } from './lib/ory';
import { loadAverage, sleep, stopAll } from './lib/proc';
import { commit, machine, packageVersions, saveJson, writeBenchmarks, type RunReport } from './lib/report';
import type { RoundPlan } from './lib/rounds';
import type { PlanKind, RunContext, ScenarioResult } from './lib/scenario';
import { FACADE_ROOT, ROOT, ServerPool, startEmulator } from './lib/servers';
import { s1 } from './scenarios/s1';
import { s2 } from './scenarios/s2';
import { s3, s4, s5, s8 } from './scenarios/lists';
import { s6 } from './scenarios/s6';
import { s7 } from './scenarios/s7';
import { f1, f2 } from './scenarios/features';

const SCENARIOS: Record<string, (ctx: RunContext) => Promise<ScenarioResult>> = {
  S1: (ctx) => s1(ctx, 'token'),
  S1c: (ctx) => s1(ctx, 'cookie'),
  S3: s3,
  S4: s4,
  S5: (ctx) => s5(ctx, 100),
  S5b: (ctx) => s5(ctx, 600),
  S8: s8,
  S6: s6,
  S7: s7,
  F1: f1,
  // Last: every sign-in leaves a session behind in the emulator.
  S2: s2,
  F2: f2,
};

/**
 * The cost of optional features (F1, F2) is its own command (`npm run bench:features`, about 5 minutes): with them
 * the default run would take about 20 minutes, and their figures change only when a feature does.
 */
const FEATURE_SCENARIOS = new Set(['F1', 'F2']);

const PLANS: Record<'full' | 'smoke', Record<PlanKind, RoundPlan>> = {
  full: {
    saturation: { warmupSeconds: 5, rounds: 3, seconds: 8 },
    short: { warmupSeconds: 2, rounds: 3, seconds: 4 },
    latency: { warmupSeconds: 0, rounds: 3, seconds: 2 },
    // A feature costs a few per cent where two arms differ by ±10% from round to round: more, shorter rounds.
    features: { warmupSeconds: 5, rounds: 6, seconds: 5 },
  },
  smoke: {
    saturation: { warmupSeconds: 0, rounds: 1, seconds: 1 },
    short: { warmupSeconds: 0, rounds: 1, seconds: 1 },
    latency: { warmupSeconds: 0, rounds: 1, seconds: 1 },
    features: { warmupSeconds: 0, rounds: 1, seconds: 1 },
  },
};

/** performance.md §5: rerun when the 1-minute load is above 0.5 (here: wait a while for it to settle). */
const MAX_LOAD = 0.5;

function flag(name: string): string | true | undefined {
  for (const arg of process.argv.slice(2)) {
    if (arg === `--${name}`) return true;
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The facade runs from dist/ (production): built when missing or older than src/ and schema/. */
function build(log: (line: string) => void): void {
  const main = path.join(ROOT, 'dist', 'src', 'main.js');
  const stale =
    !existsSync(main) ||
    statSync(main).mtimeMs <
      Math.max(newestMtime(path.join(ROOT, 'src')), newestMtime(path.join(ROOT, 'schema')));
  if (!stale) return;
  log('building the facade (npm run build)');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}

function requireWrk(): void {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary is a problem.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('wrk is not installed: apt-get install -y wrk', { cause: error });
    }
  }
}

async function main(): Promise<number> {
  const began = Date.now();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const smoke = flag('smoke') === true;
  const only = flag('only');
  const ids =
    typeof only === 'string'
      ? only.split(',').map((id) => id.trim())
      : Object.keys(SCENARIOS).filter((id) => smoke || !FEATURE_SCENARIOS.has(id));
  const unknown = ids.filter((id) => !(id in SCENARIOS));
  if (unknown.length > 0) throw new Error(`unknown scenario(s): ${unknown.join(', ')}`);
  const peer = !smoke && flag('no-peer') === undefined && ids.includes('S1');

  requireWrk();
  if (FACADE_ROOT === ROOT) build(log);
  else log(`facade under test: ${FACADE_ROOT}/dist (as built there)`);
  if (peer) installPeer(log);

  let load = loadAverage();
  if (!smoke && load[0]! > MAX_LOAD) {
    log(`load average ${load.join(' ')}: above ${MAX_LOAD}, waiting up to a minute for it to settle`);
    for (let waited = 0; waited < 60 && loadAverage()[0]! > MAX_LOAD; waited += 10) await sleep(10_000);
    load = loadAverage();
    if (load[0]! > MAX_LOAD)
      log(`load average still ${load.join(' ')}: figures may be noisy (reported below)`);
  }

  const emulator = await startEmulator();
  log(`emulator ${emulator.publicUrl} (admin ${emulator.adminUrl}); seeding`);
  const data = await seed(emulator.publicUrl, emulator.adminUrl, 100, 500);
  const plans = PLANS[smoke ? 'smoke' : 'full'];
  const ctx: RunContext = {
    options: { smoke, peer, callGate: flag('no-call-gate') === undefined },
    emulator,
    servers: new ServerPool(emulator, smoke),
    seed: data,
    plan: (kind) => plans[kind],
    log,
  };
  const results: ScenarioResult[] = [];
  for (const id of ids) {
    log(id);
    results.push(await SCENARIOS[id]!(ctx));
  }
  const report: RunReport = {
    date: new Date().toISOString(),
    commit: commit(),
    machine: machine(),
    node: process.version,
    packages: packageVersions(),
    peer: peer ? peerVersions() : 'not run',
    loadBefore: load,
    loadAfter: loadAverage(),
    durationSeconds: (Date.now() - began) / 1000,
    smoke,
    scenarios: results,
  };
  const save = flag('save');
  if (typeof save === 'string') log(`saved ${await saveJson(report, save)}`);
  // latest.json is the figures BENCHMARKS.md shows: kept only by a run that also rewrites BENCHMARKS.md.
  if (!smoke && flag('no-write') === undefined) {
    await saveJson(report, 'latest');
    await writeBenchmarks(report);
    log('BENCHMARKS.md updated');
  }
  for (const scenario of results) {
    for (const target of scenario.targets) {
      log(
        `${scenario.id.padEnd(4)} ${target.target === 'reported' ? '      ' : target.met ? 'met   ' : 'MISSED'} ${target.name}: ${target.value} (${target.target})`,
      );
    }
  }
  log(
    `bench: ${results.length} scenarios in ${Math.round((Date.now() - began) / 1000)} s, no failed request`,
  );
  return 0;
}

let exiting = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (exiting) return;
    exiting = true;
    void stopAll().then(() => process.exit(130));
  });
}

main().then(
  async (code) => {
    await stopAll();
    process.exit(code);
  },
  async (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll();
    process.exit(1);
  },
);
