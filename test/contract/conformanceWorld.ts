/**
 * The machinery of the emulator-vs-Kratos comparison (emulatorVsKratos.test.ts): a world is a facade over one
 * Ory (the emulator, or real Kratos) of one profile, behind a recording proxy that keeps Ory's answers; steps
 * drive the facade through GraphQL; `stepDiff` compares what Ory answered in both worlds, call by call.
 */
import { startEmulator, type Emulator } from '../../emulator';
import { CookieJar } from '../harness/cookieJar';
import { startFacade, type Facade, type GqlOptions, type GqlResponse } from '../harness/facade';
import type { OryBackend } from '../harness/oryBackend';
import { startRecordingProxy, type ProxiedCall, type RecordingProxy } from '../harness/recordingProxy';
import { PROFILES, type ProfileName } from '../kratos/profiles';
import { answerDiff, pathTemplate } from './answerDiff';

/** One run of a profile's steps: a facade over one Ory, and what each step made Ory answer. */
export interface World {
  name: 'emulator' | 'Kratos';
  facade: Facade;
  proxy: RecordingProxy;
  backend: OryBackend;
  /** Values earlier steps produced (ids, tokens), by name. */
  state: Map<string, string>;
  jar: CookieJar;
  steps: Map<string, { calls: ProxiedCall[]; error?: string }>;
  close(): Promise<void>;
}

export interface Step {
  name: string;
  /** The Ory settings the step needs (default `standard`). */
  profile?: ProfileName;
  run(world: World): Promise<void>;
}

/** Sends an operation and fails the step unless it answered without errors; returns the data. */
export async function ok(
  world: World,
  query: string,
  variables: Record<string, unknown> = {},
  options: GqlOptions = {},
) {
  const res = await world.facade.gql(query, variables, options);
  if (res.errors !== undefined) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors)}`);
  return res.data ?? {};
}

/** Sends an operation whose outcome (data or error) is part of the comparison, not a precondition. */
export async function send(
  world: World,
  query: string,
  variables: Record<string, unknown> = {},
  options: GqlOptions = {},
): Promise<GqlResponse> {
  return world.facade.gql(query, variables, options);
}

export const value = (world: World, name: string): string => {
  const found = world.state.get(name);
  if (found === undefined) throw new Error(`no ${name} from an earlier step`);
  return found;
};
export const token = (world: World): GqlOptions => ({ token: value(world, 'token') });
export const admin: GqlOptions = { admin: true };
export const PASSWORD = 'Quartz-Lantern-2026';

async function startWorld(
  name: World['name'],
  target: { public: string; admin: string },
  emulator?: Emulator,
): Promise<World> {
  const proxy = await startRecordingProxy(target, { captureResponses: true });
  const backend: OryBackend = { kind: 'external', apiKey: null, ...proxy };
  const facade = await startFacade(backend);
  return {
    name,
    facade,
    proxy,
    backend,
    state: new Map(),
    jar: new CookieJar(),
    steps: new Map(),
    async close() {
      await facade.stop();
      await proxy.close();
      await emulator?.close();
    },
  };
}

/** The emulator configured as the profile says. */
export async function emulatorWorld(profile: ProfileName): Promise<World> {
  const emulator = await startEmulator(PROFILES[profile].emulator);
  return startWorld('emulator', { public: emulator.publicUrl, admin: emulator.adminUrl }, emulator);
}

/** The profile's Kratos, from the variables `npm run test:kratos` (or the Docker recipe) sets. */
export function kratosWorld(profile: ProfileName): Promise<World> {
  const names = PROFILES[profile].env;
  const publicUrl = process.env[names.sdkUrl];
  if (publicUrl === undefined) throw new Error(`no Kratos for the ${profile} profile: set ${names.sdkUrl}`);
  return startWorld('Kratos', { public: publicUrl, admin: process.env[names.adminUrl] ?? publicUrl });
}

/** Runs the steps in order, keeping each one's calls (and error) for the comparison. */
export async function runSteps(world: World, steps: readonly Step[]): Promise<void> {
  for (const step of steps) {
    world.proxy.resetCalls();
    let error: string | undefined;
    try {
      await step.run(world);
    } catch (thrown) {
      error = thrown instanceof Error ? thrown.message : String(thrown);
    }
    world.steps.set(step.name, { calls: world.proxy.calls(), ...(error === undefined ? {} : { error }) });
  }
}

function describeCall(call: ProxiedCall): string {
  return `${call.method} ${pathTemplate(call.path)}`;
}

/** What differs between the two runs of one step, one readable line per difference. */
export function stepDiff(emulator: World, kratos: World, step: string): string[] {
  const e = emulator.steps.get(step);
  const k = kratos.steps.get(step);
  if (e === undefined || k === undefined) return ['the step did not run'];
  const out: string[] = [];
  if (e.error !== undefined || k.error !== undefined) {
    out.push(`the step failed: emulator ${e.error ?? 'ok'}; Kratos ${k.error ?? 'ok'}`);
  }
  const eCalls = e.calls.map(describeCall);
  const kCalls = k.calls.map(describeCall);
  if (JSON.stringify(eCalls) !== JSON.stringify(kCalls)) {
    out.push(`Ory calls differ:\n    emulator: ${eCalls.join(', ')}\n    Kratos:   ${kCalls.join(', ')}`);
    return out;
  }
  e.calls.forEach((call, index) => {
    const kCall = k.calls[index];
    if (call.answer === undefined || kCall?.answer === undefined) return;
    for (const line of answerDiff(call.answer, kCall.answer)) out.push(`${describeCall(call)}: ${line}`);
  });
  return out;
}
