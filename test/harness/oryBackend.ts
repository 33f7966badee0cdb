/**
 * The fixture interface between the tests and Ory. By default it starts the built-in emulator on ephemeral
 * ports, configured like the profile asked for (test/kratos/profiles.ts). When `npm run test:kratos` has started
 * real Kratos instances (their URLs in ORY_TEST_* variables), it points at the matching one instead, behind a
 * recording, fault-injecting proxy. Either way, `calls()` lists the requests the facade made and `faults` makes
 * Ory misbehave, so call counts and resilience are asserted the same way against both.
 */
import { startEmulator, type EmulatorOptions, type Faults } from '../../emulator';
import { PROFILES, type ProfileName } from '../kratos/profiles';
import { startRecordingProxy, type ProxiedCall } from './recordingProxy';

export type UpstreamCall = ProxiedCall;

export interface OryBackend {
  kind: 'emulator' | 'external';
  publicUrl: string;
  adminUrl: string;
  /** Ory's admin API key, when the backend needs one (never sent anywhere but /admin/*). */
  apiKey: string | null;
  /** Requests received since the last `resetCalls()`, oldest first. */
  calls(): UpstreamCall[];
  resetCalls(): void;
  /** Fault injection: the emulator's own, or the proxy's in front of a real Ory. */
  faults: Faults;
  close(): Promise<void>;
}

/**
 * The newest one-time code Ory mailed to `recipient`, read through Ory's admin courier API exactly as a test
 * against a real Kratos (running with `--dev`, so bodies are readable) would.
 */
export async function courierCode(backend: OryBackend, recipient: string): Promise<string> {
  const url = new URL('/admin/courier/messages', backend.adminUrl);
  url.searchParams.set('recipient', recipient);
  url.searchParams.set('page_size', '1');
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (backend.apiKey !== null) headers.Authorization = `Bearer ${backend.apiKey}`;
  const response = await fetch(url, { headers });
  const messages = (await response.json()) as Array<{ body?: string; subject?: string }>;
  const text = `${messages[0]?.subject ?? ''} ${messages[0]?.body ?? ''}`;
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (code === undefined)
    throw new Error(`no code mailed to ${recipient} (courier answered ${response.status})`);
  return code;
}

export interface BackendOptions {
  /** The Ory settings the test needs (default `standard`). */
  profile?: ProfileName;
  /**
   * An Ory Network admin API key: the emulator then refuses admin calls without it. Self-hosted Kratos does not
   * check keys; against it the key is only recorded, so tests can still see where the facade sends it.
   */
  adminApiKey?: string;
  /** Emulator-only settings (e.g. a clock); a test using them runs against the emulator only (`emulatorOnly`). */
  emulator?: EmulatorOptions;
}

function externalUrls(profile: ProfileName): { publicUrl: string; adminUrl: string } | null {
  const names = PROFILES[profile].env;
  const publicUrl = process.env[names.sdkUrl];
  if (publicUrl === undefined) return null;
  return { publicUrl, adminUrl: process.env[names.adminUrl] ?? publicUrl };
}

export const usingExternalOry = externalUrls('standard') !== null;

/**
 * `it` for tests that cannot run against a self-hosted Kratos; each use says why in its name or a comment.
 * Skipped when the suite runs against real Kratos.
 */
export const emulatorOnly = usingExternalOry ? it.skip : it;

export async function startOryBackend(options: BackendOptions = {}): Promise<OryBackend> {
  const profile = options.profile ?? 'standard';
  const external = externalUrls(profile);
  if (usingExternalOry && external === null) {
    throw new Error(
      `no Kratos for the ${profile} profile: set ${PROFILES[profile].env.sdkUrl} (npm run test:kratos does)`,
    );
  }
  if (external !== null) {
    const proxy = await startRecordingProxy({ public: external.publicUrl, admin: external.adminUrl });
    return {
      kind: 'external',
      apiKey: process.env.ORY_TEST_API_KEY ?? options.adminApiKey ?? null,
      ...proxy,
    };
  }
  const emulator = await startEmulator({
    ...PROFILES[profile].emulator,
    ...options.emulator,
    ...(options.adminApiKey === undefined ? {} : { adminApiKey: options.adminApiKey }),
  });
  return {
    kind: 'emulator',
    publicUrl: emulator.publicUrl,
    adminUrl: emulator.adminUrl,
    apiKey: options.adminApiKey ?? null,
    calls: () => emulator.requestLog.entries(),
    resetCalls: () => {
      emulator.requestLog.clear();
    },
    faults: emulator.faults,
    close: () => emulator.close(),
  };
}
