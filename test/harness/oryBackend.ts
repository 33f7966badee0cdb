/**
 * The fixture interface between the tests and Ory. By default it starts the built-in emulator on ephemeral
 * ports; with ORY_TEST_SDK_URL (and ORY_TEST_ADMIN_URL, ORY_TEST_API_KEY) set, it points at a real Kratos or
 * Ory Network project instead, behind a recording proxy. Either way, `calls()` lists the requests the facade
 * made, so upstream call counts are asserted the same way against both.
 */
import { startEmulator, type EmulatorOptions, type Faults } from '../../emulator';
import { startRecordingProxy } from './recordingProxy';

export interface UpstreamCall {
  listener: 'public' | 'admin';
  method: string;
  path: string;
  headers: Record<string, unknown>;
  /** The status Ory answered (0 when it never answered). */
  status?: number;
  /** The facade closed the connection before Ory's answer was complete (emulator only). */
  clientClosed?: boolean;
}

export interface OryBackend {
  kind: 'emulator' | 'external';
  publicUrl: string;
  adminUrl: string;
  /** Ory's admin API key, when the backend needs one (never sent anywhere but /admin/*). */
  apiKey: string | null;
  /** Requests received since the last `resetCalls()`, oldest first. */
  calls(): UpstreamCall[];
  resetCalls(): void;
  /** Fault injection: emulator only (`null` against a real Ory; tests that need it use `emulatorOnly`). */
  faults: Faults | null;
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

/** Options that only the emulator honours; tests relying on them use `emulatorOnly`. */
export type BackendOptions = Omit<EmulatorOptions, 'host' | 'publicPort' | 'adminPort' | 'seedDemoUser'>;

const external = {
  publicUrl: process.env.ORY_TEST_SDK_URL,
  adminUrl: process.env.ORY_TEST_ADMIN_URL ?? process.env.ORY_TEST_SDK_URL,
  apiKey: process.env.ORY_TEST_API_KEY ?? null,
};

export const usingExternalOry = external.publicUrl !== undefined;

/** `it` for tests that need emulator-only knobs (e.g. a one-second flow lifespan); skipped against real Ory. */
export const emulatorOnly = usingExternalOry ? it.skip : it;

export async function startOryBackend(options: BackendOptions = {}): Promise<OryBackend> {
  if (external.publicUrl !== undefined && external.adminUrl !== undefined) {
    const proxy = await startRecordingProxy(external.publicUrl, external.adminUrl);
    return { kind: 'external', apiKey: external.apiKey, faults: null, ...proxy };
  }
  const emulator = await startEmulator(options);
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
