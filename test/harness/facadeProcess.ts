/**
 * `npm start`'s program (src/main.ts, through tsx) as a process of its own, for what only a real process shows:
 * the banner and the embedded emulator, signal handling, and libraries that jest's module sandbox cannot load.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ADMIN_TOKEN } from './facade';
import { freePort } from './freePort';
import type { OryBackend } from './oryBackend';
import { watchProcess, type WatchedProcess } from './watchedProcess';

const ROOT = path.resolve(__dirname, '..', '..');

export type FacadeProcess = WatchedProcess;

/** Starts the program with exactly `env` as its environment. */
export function spawnFacade(env: NodeJS.ProcessEnv): FacadeProcess {
  return watchProcess(
    spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/main.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

export interface RunningFacade {
  process: FacadeProcess;
  /** `http://127.0.0.1:<port>`: GraphQL at `/graphql`, metrics at `/metrics`. */
  url: string;
}

/**
 * The program against a test backend, on a free port of 127.0.0.1, once it serves: only PATH from this
 * environment (no stray OTEL_* or ORY_* variables), the backend's URLs and key, the test admin token, then
 * `variables` (which may override any of it).
 */
export async function startFacadeProcess(
  backend: Pick<OryBackend, 'publicUrl' | 'adminUrl' | 'apiKey'>,
  variables: Record<string, string> = {},
): Promise<RunningFacade> {
  const port = await freePort();
  const child = spawnFacade({
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    ORY_SDK_URL: backend.publicUrl,
    ORY_ADMIN_URL: backend.adminUrl,
    ...(backend.apiKey === null ? {} : { ORY_API_KEY: backend.apiKey }),
    ADMIN_TOKENS: ADMIN_TOKEN,
    DEMO: 'false',
    LOG_LEVEL: 'warn',
    ...variables,
  });
  await child.waitFor(/serving GraphQL at/);
  return { process: child, url: `http://127.0.0.1:${port}` };
}
