/**
 * `npm run test:kratos [-- <jest arguments>]`: the facade suite against real Ory Kratos. With `--e2e` (as
 * `npm run test:e2e` passes it), jest runs the end-to-end tests instead (jest.e2e.config.js: the demo page in
 * Chromium), against the same instances.
 *
 * Starts one Kratos per profile (test/kratos/profiles.ts) from ../shared/kratos/kratos (or KRATOS_BIN) on free
 * ports, each with its configuration files and a fresh in-memory database, waits until they are ready, runs jest
 * with their URLs in the environment, and stops them whatever happens (failure, Ctrl-C, SIGTERM). Without a
 * Kratos binary it says so and exits 0: elsewhere, run Kratos with Docker (test/kratos/README.md).
 *
 * When a profile's configuration names the test OpenID provider (oidc.yml: its issuer placeholder), the provider
 * (test/harness/oidcProvider.ts) is started first, its issuer written into those files and passed to jest in
 * ORY_TEST_OIDC_ISSUER; it is stopped with everything else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, copyFileSync, chmodSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OIDC_ISSUER_ENV, OIDC_ISSUER_PLACEHOLDER, startOidcProvider } from '../harness/oidcProvider';
import { KRATOS_DIR, PROFILES, type ProfileName } from './profiles';
import { freePort } from '../harness/freePort';

const ROOT = path.resolve(KRATOS_DIR, '..', '..');
const DEFAULT_BINARY = path.resolve(ROOT, '..', 'shared', 'kratos', 'kratos');
/** What runs against Kratos: every suite that talks to Ory through the facade, and the conformance tests. */
const DEFAULT_SUITES = [
  'test/facade',
  'test/security',
  'test/federation',
  'test/scaling',
  'test/contract',
  'test/clients',
  'test/library',
];
const READY_TIMEOUT_MS = 60_000;
/** `test:kratos -- --e2e [<jest arguments>]`: the end-to-end tests, with their own jest configuration. */
const E2E_FLAG = '--e2e';
const E2E_JEST_CONFIG = 'jest.e2e.config.js';

interface Instance {
  profile: ProfileName;
  process: ChildProcess;
  publicUrl: string;
  adminUrl: string;
  log: string;
}

const children = new Set<ChildProcess>();
const work = mkdtempSync(path.join(tmpdir(), 'ory-graphql-kratos-'));
/**
 * How long jest gets, after a forwarded SIGINT or SIGTERM, to stop what the tests started (afterAll hooks, the
 * facade child processes, redis-server, Hive Gateway) before everything left of it is killed.
 */
const JEST_GRACE_MS = 5_000;
/**
 * jest's process group (its pid): jest runs in a group of its own, so its workers and every process a test
 * starts (none detaches) can be signalled at once, and Ctrl-C reaches jest only through this script, in order.
 */
let jestGroup: number | undefined;

/** Signals every process of jest's group; false when none is left. */
function signalJest(signal: NodeJS.Signals | 0): boolean {
  if (jestGroup === undefined) return false;
  try {
    process.kill(-jestGroup, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills what is left of jest's group, then every other child (Kratos, the OpenID provider); safe to call more than
 * once, and from an `exit` handler (synchronous).
 */
function stopAll(): void {
  signalJest('SIGKILL');
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  rmSync(work, { recursive: true, force: true });
}

/**
 * Forwards `signal` to jest's group and waits until the group is gone or JEST_GRACE_MS have passed; stopAll then
 * kills whatever is left, Kratos last.
 */
async function stopJest(signal: NodeJS.Signals): Promise<void> {
  if (!signalJest(signal)) return;
  const deadline = Date.now() + JEST_GRACE_MS;
  while (Date.now() < deadline && signalJest(0)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Set once a signal arrived: the handler stops everything and exits, whatever jest's exit makes main() do. */
let stopping = false;

process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) {
      // A second Ctrl-C: no more waiting.
      stopAll();
      process.exit(130);
    }
    stopping = true;
    process.stderr.write(`\ntest:kratos: ${signal}, stopping jest, then Kratos\n`);
    void stopJest(signal === 'SIGHUP' ? 'SIGTERM' : signal).then(() => {
      stopAll();
      process.exit(130);
    });
  });
}

/** The Kratos binary, made runnable: copies of ../shared may arrive without their execute bit. */
function kratosBinary(): string | null {
  const binary = process.env.KRATOS_BIN ?? DEFAULT_BINARY;
  if (!existsSync(binary)) return null;
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


/** What only a run knows, written over placeholders in the configuration files. */
interface RunValues {
  /** The test OpenID provider's issuer, when a profile needs one. */
  oidcIssuer?: string;
}

function configText(file: string): string {
  return readFileSync(path.join(KRATOS_DIR, file), 'utf8');
}

/** Whether some profile's configuration signs in with the test OpenID provider. */
function needsOidcProvider(): boolean {
  return Object.values(PROFILES).some((profile) =>
    profile.configs.some((file) => configText(file).includes(OIDC_ISSUER_PLACEHOLDER)),
  );
}

/**
 * The profile's configuration files, with file URLs pointing at this checkout (they say /etc/kratos/) and the run's
 * values in place of their placeholders.
 */
function writeConfigs(profile: ProfileName, values: RunValues): string[] {
  return PROFILES[profile].configs.map((file) => {
    let text = configText(file).replaceAll('file:///etc/kratos/', `file://${KRATOS_DIR}/`);
    if (values.oidcIssuer !== undefined) text = text.replaceAll(OIDC_ISSUER_PLACEHOLDER, values.oidcIssuer);
    const copy = path.join(work, `${profile}-${file}`);
    writeFileSync(copy, text);
    return copy;
  });
}

/** Ports handed out in this run: probes that run side by side may be given the same free port. */
const handedOut = new Set<number>();

async function distinctPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

async function start(binary: string, profile: ProfileName, values: RunValues): Promise<Instance> {
  const [publicPort, adminPort] = [await distinctPort(), await distinctPort()];
  const publicUrl = `http://127.0.0.1:${publicPort}`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  const log = path.join(work, `${profile}.log`);
  const output = openSync(log, 'w');
  const configs = writeConfigs(profile, values).flatMap((file) => ['-c', file]);
  const child = spawn(binary, ['serve', '--dev', '--sqa-opt-out', ...configs], {
    cwd: work,
    env: {
      ...process.env,
      SERVE_PUBLIC_PORT: String(publicPort),
      SERVE_PUBLIC_BASE_URL: `${publicUrl}/`,
      SERVE_ADMIN_PORT: String(adminPort),
      SERVE_ADMIN_BASE_URL: `${adminUrl}/`,
    },
    stdio: ['ignore', output, output],
    // Out of the terminal's process group: Ctrl-C reaches this script, which stops jest before Kratos.
    detached: true,
  });
  children.add(child);
  return { profile, process: child, publicUrl, adminUrl, log };
}

async function ready(instance: Instance): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (instance.process.exitCode !== null) break;
    const up = await Promise.all(
      [instance.publicUrl, instance.adminUrl].map((base) =>
        fetch(`${base}/health/ready`).then(
          (res) => res.ok,
          () => false,
        ),
      ),
    );
    if (up.every(Boolean)) return;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const tail = readFileSync(instance.log, 'utf8').split('\n').slice(-30).join('\n');
  throw new Error(`Kratos (${instance.profile}) did not become ready:\n${tail}`);
}

/**
 * Starts a profile and waits for it. A port found free can be taken by another process before Kratos binds it
 * (seen on a loaded machine): then the instance starts again on other ports, twice at most.
 */
async function startReady(binary: string, profile: ProfileName, values: RunValues): Promise<Instance> {
  for (let attempt = 1; ; attempt += 1) {
    const instance = await start(binary, profile, values);
    try {
      await ready(instance);
      return instance;
    } catch (error) {
      if (attempt === 3 || !readFileSync(instance.log, 'utf8').includes('address already in use')) throw error;
      instance.process.kill('SIGKILL');
      children.delete(instance.process);
      process.stdout.write(`test:kratos: ${profile}: a port was taken before Kratos bound it; starting again\n`);
    }
  }
}

function runJest(instances: Instance[], values: RunValues, args: string[]): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (values.oidcIssuer !== undefined) env[OIDC_ISSUER_ENV] = values.oidcIssuer;
  for (const instance of instances) {
    const names = PROFILES[instance.profile].env;
    env[names.sdkUrl] = instance.publicUrl;
    env[names.adminUrl] = instance.adminUrl;
  }
  const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  const e2e = args.includes(E2E_FLAG);
  const rest = args.filter((arg) => arg !== E2E_FLAG);
  const jestArgs = e2e ? ['--config', E2E_JEST_CONFIG, ...rest] : rest.length > 0 ? rest : DEFAULT_SUITES;
  const child = spawn(process.execPath, [jest, ...jestArgs], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
    detached: true, // a process group of its own: see jestGroup
  });
  jestGroup = child.pid;
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
}

async function main(): Promise<number> {
  const binary = kratosBinary();
  if (binary === null) {
    process.stdout.write(
      `test:kratos: no Kratos binary at ${process.env.KRATOS_BIN ?? DEFAULT_BINARY}; skipping the suite ` +
        'against real Kratos. Set KRATOS_BIN, or run Kratos with Docker as test/kratos/README.md shows.\n',
    );
    return 0;
  }
  const version = await new Promise<string>((resolve) => {
    const child = spawn(binary, ['version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('exit', () => {
      resolve(/Version:\s*(\S+)/.exec(text)?.[1] ?? 'unknown version');
    });
  });
  const values: RunValues = {};
  if (needsOidcProvider()) {
    // Before Kratos: its configuration names the provider's issuer, and Kratos fetches its discovery document.
    const provider = await startOidcProvider({ logFile: path.join(work, 'oidc-provider.log') });
    children.add(provider.process);
    values.oidcIssuer = provider.issuer;
    process.stdout.write(`test:kratos: test OpenID provider at ${provider.issuer}\n`);
  }
  const profiles = Object.keys(PROFILES) as ProfileName[];
  const instances = await Promise.all(profiles.map((profile) => startReady(binary, profile, values)));
  for (const instance of instances) {
    process.stdout.write(`test:kratos: Kratos ${version} (${instance.profile}) at ${instance.publicUrl}, admin ${instance.adminUrl}\n`);
  }
  return runJest(instances, values, process.argv.slice(2));
}

main().then(
  (code) => {
    if (stopping) return; // jest exited on a forwarded signal: the signal handler finishes the job
    stopAll();
    process.exit(code);
  },
  (error: unknown) => {
    if (stopping) return;
    process.stderr.write(`test:kratos: ${error instanceof Error ? error.message : String(error)}\n`);
    stopAll();
    process.exit(1);
  },
);
