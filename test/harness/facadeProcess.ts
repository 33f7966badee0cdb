/**
 * `npm start`'s program (src/main.ts, through tsx) as a process of its own, for what only a real process shows:
 * the banner and the embedded emulator, signal handling, and libraries that jest's module sandbox cannot load.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
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
