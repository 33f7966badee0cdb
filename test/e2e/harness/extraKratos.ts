/**
 * One more real Kratos for an end-to-end test whose configuration no profile of test/kratos/profiles.ts has
 * (passkeys need a relying party browsers accept: `localhost`, see test/e2e/kratos/passkeys-localhost.yml).
 * Started like test/kratos/run.ts starts its instances: the same binary, the configuration files with their
 * `file:///etc/kratos/` URLs pointed at test/kratos/, free ports, an in-memory database, `--dev`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdtempSync, openSync } from 'node:fs';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KRATOS_DIR } from '../../kratos/profiles';

const ROOT = path.resolve(KRATOS_DIR, '..', '..');
const READY_TIMEOUT_MS = 60_000;

export interface KratosInstance {
  publicUrl: string;
  adminUrl: string;
  stop(): Promise<void>;
}

/** The binary test/kratos/run.ts uses, or null when this machine has none. */
export function kratosBinaryPath(): string | null {
  const binary = process.env.KRATOS_BIN ?? path.resolve(ROOT, '..', 'shared', 'kratos', 'kratos');
  return existsSync(binary) ? binary : null;
}

/** Copies of ../shared may arrive without their execute bit: run a copy then. */
function runnable(binary: string, work: string): string {
  try {
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    const copy = path.join(work, 'kratos');
    copyFileSync(binary, copy);
    chmodSync(copy, 0o755);
    return copy;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

async function waitUntilReady(child: ChildProcess, urls: string[], log: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (child.exitCode === null && Date.now() < deadline) {
    const up = await Promise.all(
      urls.map((base) =>
        fetch(`${base}/health/ready`).then(
          (res) => res.ok,
          () => false,
        ),
      ),
    );
    if (up.every(Boolean)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const tail = readFileSync(log, 'utf8').split('\n').slice(-30).join('\n');
  throw new Error(`Kratos did not become ready:\n${tail}`);
}

/**
 * Starts Kratos with `configs` (paths relative to the repository root, merged in order) and resolves once it is
 * ready. `stop()` kills it and removes its files.
 */
export async function startKratos(binary: string, configs: readonly string[]): Promise<KratosInstance> {
  const work = mkdtempSync(path.join(tmpdir(), 'ory-graphql-e2e-kratos-'));
  const files = configs.map((file, index) => {
    const text = readFileSync(path.join(ROOT, file), 'utf8').replaceAll(
      'file:///etc/kratos/',
      `file://${KRATOS_DIR}/`,
    );
    const copy = path.join(work, `${index}-${path.basename(file)}`);
    writeFileSync(copy, text);
    return copy;
  });
  const [publicPort, adminPort] = [await freePort(), await freePort()];
  const publicUrl = `http://127.0.0.1:${publicPort}`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  const log = path.join(work, 'kratos.log');
  const output = openSync(log, 'w');
  const child = spawn(
    runnable(binary, work),
    ['serve', '--dev', '--sqa-opt-out', ...files.flatMap((file) => ['-c', file])],
    {
      cwd: work,
      env: {
        ...process.env,
        SERVE_PUBLIC_PORT: String(publicPort),
        SERVE_PUBLIC_BASE_URL: `${publicUrl}/`,
        SERVE_ADMIN_PORT: String(adminPort),
        SERVE_ADMIN_BASE_URL: `${adminUrl}/`,
      },
      stdio: ['ignore', output, output],
    },
  );
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(work, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(child, [publicUrl, adminUrl], log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { publicUrl, adminUrl, stop };
}
