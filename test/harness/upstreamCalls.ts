/** Counting the Ory calls of a step, as the tests that assert exact upstream call counts do. */
import type { OryBackend, UpstreamCall } from './oryBackend';

/** The Ory calls `run` makes, as the backend's recorder saw them. */
export async function callsOf(backend: OryBackend, run: () => Promise<unknown>): Promise<UpstreamCall[]> {
  backend.resetCalls();
  await run();
  return backend.calls();
}

/** How many of `calls` were whoami (`toSession`). */
export const whoamiCalls = (calls: UpstreamCall[]): number =>
  calls.filter((call) => call.path === '/sessions/whoami').length;
