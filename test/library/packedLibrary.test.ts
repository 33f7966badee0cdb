/**
 * Library mode, as a team would use it: `npm pack`, then `npm install` of the tarball into a separate small app
 * in a temporary directory outside the repository (test/library/app.ts: its own `Post` type with
 * `author: Identity` merged with Ory's schema), so every module the library needs must come from what npm
 * installed for it, and a dependency missing from package.json fails here. The app is type-checked against the
 * packed declarations (library checking included), then signs up, reads `me`, the merged field and an admin
 * query over HTTP, against the emulator and real Kratos. The tarball holds no emulator code.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { ADMIN_TOKEN } from '../harness/facade';
import { newUser } from '../harness/fixtures';
import { startOryBackend, type OryBackend } from '../harness/oryBackend';

const ROOT = path.join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let backend: OryBackend;
let app: ChildProcess | undefined;
let url: string;

const rootManifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The version this repository locks for a package the app uses itself (so npm finds it in its cache). */
function lockedVersion(name: string): string {
  const version = rootManifest.dependencies[name] ?? rootManifest.devDependencies[name];
  if (version === undefined) throw new Error(`${name} is not a dependency of the repository`);
  return version;
}

/**
 * Packs the library (its `prepack` builds it) and installs the tarball with npm into the app, beside what the app
 * uses itself: Express with Apollo's integration, and the types a TypeScript app of that kind has. npm prefers
 * its cache (CI ran `npm ci` before) and asks the registry only for what it lacks. Returns the tarball's files.
 */
function installPackedLibrary(into: string): string[] {
  const tarball = execFileSync(NPM, ['pack', '--silent', '--pack-destination', into], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1);
  if (tarball === undefined || tarball === '') throw new Error('npm pack named no tarball');
  const app = {
    name: 'library-app',
    private: true,
    dependencies: {
      'ory-graphql': `file:./${tarball}`,
      ...Object.fromEntries(
        ['@apollo/server', '@as-integrations/express5', 'express', 'graphql'].map((name) => [
          name,
          lockedVersion(name),
        ]),
      ),
    },
    devDependencies: Object.fromEntries(
      ['@types/express', '@types/node'].map((name) => [name, lockedVersion(name)]),
    ),
  };
  writeFileSync(path.join(into, 'package.json'), JSON.stringify(app, null, 2));
  execFileSync(
    NPM,
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error', '--prefix', into],
    { cwd: into, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return execFileSync('tar', ['-tzf', path.join(into, tarball)], { encoding: 'utf8' }).split('\n');
}

function startApp(cwd: string, env: Record<string, string>): Promise<string> {
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  app = spawn(tsx, ['app.ts'], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    app?.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match !== null) resolve(match[0]);
    });
    app?.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    app?.once('exit', (code) => {
      reject(new Error(`the app exited (${String(code)}): ${output}`));
    });
  });
}

let files: string[];

beforeAll(async () => {
  // Outside the repository: nothing resolves from its node_modules, only from what npm installed for the app.
  work = realpathSync(mkdtempSync(path.join(tmpdir(), 'ory-graphql-app-')));
  files = installPackedLibrary(work);
  copyFileSync(path.join(__dirname, 'app.ts'), path.join(work, 'app.ts'));
  backend = await startOryBackend();
  url = await startApp(work, {
    ORY_SDK_URL: backend.publicUrl,
    ORY_ADMIN_URL: backend.adminUrl,
    ...(backend.apiKey === null ? {} : { ORY_API_KEY: backend.apiKey }),
    ADMIN_TOKENS: ADMIN_TOKEN,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  });
}, 180_000);

afterAll(async () => {
  app?.kill();
  await backend.close();
  rmSync(work, { recursive: true, force: true });
});

const gql = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
  request(url)
    .post('/graphql')
    .set('Content-Type', 'application/json')
    .set(headers)
    .send({ query, variables });

it('packs typed declarations and no emulator code', () => {
  expect(files).toContain('package/dist/src/index.js');
  expect(files).toContain('package/dist/src/index.d.ts');
  expect(files).toContain('package/dist/schema/identity.graphql');
  expect(files).toContain('package/LICENSE');
  expect(files.filter((file) => file.includes('emulator'))).toEqual([]);
  expect(existsSync(path.join(work, 'node_modules', 'ory-graphql', 'dist', 'emulator'))).toBe(false);
  // Installed by npm, outside the repository; the emulator and what only it needs are not installed at all.
  expect(path.relative(ROOT, work).startsWith('..')).toBe(true);
  expect(require.resolve('ory-graphql', { paths: [work] })).toBe(
    path.join(work, 'node_modules', 'ory-graphql', 'dist', 'src', 'index.js'),
  );
  expect(existsSync(path.join(work, 'node_modules', '@ory-graphql', 'emulator'))).toBe(false);
  expect(existsSync(path.join(work, 'node_modules', 'otpauth'))).toBe(false);
  // The emulator is the workspace package @ory-graphql/emulator, a development dependency only: installing the
  // library brings neither it nor what only it needs.
  const manifest = JSON.parse(
    readFileSync(path.join(work, 'node_modules', 'ory-graphql', 'package.json'), 'utf8'),
  ) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  expect(Object.keys(manifest.dependencies)).not.toContain('@ory-graphql/emulator');
  expect(Object.keys(manifest.dependencies)).not.toContain('otpauth');
  expect(manifest.devDependencies['@ory-graphql/emulator']).toBeDefined();
});

it("type-checks the app against the package's declarations (strict, library checking included)", () => {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  const args = [
    '--noEmit',
    '--strict',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--target',
    'es2022',
  ];
  expect(() =>
    execFileSync(tsc, [...args, '--types', 'node', 'app.ts'], {
      cwd: work,
      encoding: 'utf8',
    }),
  ).not.toThrow();
  expect(readdirSync(path.join(work, 'node_modules', 'ory-graphql', 'dist', 'src'))).toContain(
    'library.d.ts',
  );
  // Checking every declaration the app reaches (Apollo's, Express's, Ory's SDK's, ...) can outlast Jest's default
  // 20 s on a busy machine.
}, 120_000);

it("signs up through the app's schema, then reads me, its own Post.author and an admin query", async () => {
  const user = newUser('Library');
  const created = await gql('mutation { createRegistrationFlow { id } }', {});
  const flowId: string = created.body.data.createRegistrationFlow.id;
  const signUp = await gql(
    `mutation ($flowId: ID!, $password: String!, $traits: JSONObject!) {
      updateRegistrationFlow(input: { flowId: $flowId, password: { password: $password, traits: $traits } }) {
        __typename ... on RegistrationSuccess { sessionToken identity { id } }
      }
    }`,
    { flowId, password: user.password, traits: { email: user.email, name: user.name } },
  );
  expect(signUp.body.data.updateRegistrationFlow.__typename).toBe('RegistrationSuccess');
  const { sessionToken, identity } = signUp.body.data.updateRegistrationFlow;
  const token = { 'X-Session-Token': sessionToken as string };

  const post = await gql(
    'mutation { createPost(title: "Hello") { id author { id profile { email } } } }',
    {},
    token,
  );
  expect(post.body.errors).toBeUndefined();
  expect(post.body.data.createPost.author).toEqual({ id: identity.id, profile: { email: user.email } });

  const me = await gql('{ me { identity { id } } posts { title author { id } } }', {}, token);
  expect(me.body.data.me.identity.id).toBe(identity.id);
  expect(me.body.data.posts).toContainEqual({ title: 'Hello', author: { id: identity.id } });

  const admin = await gql(
    `query ($id: ID!) { identity(id: $id) { id traits } posts { author { id } } }`,
    { id: identity.id },
    { Authorization: `Bearer ${ADMIN_TOKEN}` },
  );
  expect(admin.body.errors).toBeUndefined();
  expect(admin.body.data.identity.traits.email).toBe(user.email);
  expect(admin.body.data.posts).toContainEqual({ author: { id: identity.id } });

  const notes = await request(url).get('/notes').set(token);
  expect(notes.body).toEqual({ owner: identity.id });
});
