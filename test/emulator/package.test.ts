/**
 * The emulator as its own package, as another project would get it: `npm pack` of the workspace package (built
 * with its own tsconfig.json) holds the compiled code, declarations and README only; the packed `ory-emulator` CLI
 * starts, answers Kratos' health checks on both listeners, and stops on SIGTERM.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let files: string[];
let packageDir: string;
let cli: ChildProcess | undefined;

beforeAll(() => {
  // Inside the repository, so the package's dependencies (otpauth, ajv-formats) resolve from the root
  // node_modules, as npm would install them beside it.
  work = mkdtempSync(path.join(ROOT, 'test', 'emulator', '.pack-'));
  // The package's own build and package.json, staged apart from emulator/dist: the library test's `npm pack`
  // rebuilds emulator/dist meanwhile, and a file being rewritten must not end up in this tarball.
  const staged = path.join(work, 'staged');
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  execFileSync(tsc, [
    '-p',
    path.join(ROOT, 'emulator', 'tsconfig.json'),
    '--outDir',
    path.join(staged, 'dist'),
  ]);
  for (const file of ['package.json', 'README.md'])
    copyFileSync(path.join(ROOT, 'emulator', file), path.join(staged, file));
  const tarball = execFileSync(NPM, ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], {
    cwd: staged,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1);
  packageDir = path.join(work, 'node_modules', '@ory-graphql', 'emulator');
  mkdirSync(packageDir, { recursive: true });
  const archive = path.join(work, tarball ?? '');
  execFileSync('tar', ['-xzf', archive, '-C', packageDir, '--strip-components=1']);
  files = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).split('\n').filter(Boolean);
}, 120_000);

afterAll(() => {
  if (cli?.exitCode === null) cli.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

it('packs compiled code, declarations and the README, and no TypeScript sources', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'package/package.json',
      'package/README.md',
      'package/dist/index.js',
      'package/dist/index.d.ts',
      'package/dist/main.js',
    ]),
  );
  expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
});

it('starts from the packed CLI, answers /health/ready on both listeners and stops on SIGTERM', async () => {
  cli = spawn(process.execPath, [path.join(packageDir, 'dist', 'main.js')], {
    cwd: work,
    env: { ...process.env, EMULATOR_PUBLIC_PORT: '0', EMULATOR_ADMIN_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const urls = await new Promise<{ public: string; admin: string }>((resolve, reject) => {
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const publicUrl = /public API: (http:\/\/\S+)/.exec(output)?.[1];
      const adminUrl = /admin API: {2}(http:\/\/\S+)/.exec(output)?.[1];
      if (publicUrl !== undefined && adminUrl !== undefined) resolve({ public: publicUrl, admin: adminUrl });
    };
    cli?.stdout?.on('data', read);
    cli?.stderr?.on('data', read);
    cli?.once('exit', (code) => {
      reject(new Error(`the CLI exited (${String(code)}): ${output}`));
    });
  });
  expect(output).toContain('demo@example.com');

  for (const base of [urls.public, urls.admin]) {
    const res = await fetch(`${base}/health/ready`);
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { status: 'ok' } });
  }

  const exit = new Promise<number | null>((resolve) => cli?.once('exit', resolve));
  cli.kill('SIGTERM');
  expect(await exit).toBe(0);
}, 30_000);
