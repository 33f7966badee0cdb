/**
 * `npm start`'s program, as a newcomer runs it: no configuration, so the embedded emulator starts with the demo
 * user; the demo user signs in over GraphQL; SIGTERM stops everything cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DEMO_USER } from '../../emulator';

const root = path.join(__dirname, '..', '..');
let child: ChildProcess;
let output = '';

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== undefined) headers['X-Session-Token'] = token;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an untyped GraphQL response
  return (await res.json()) as { data: any; errors?: unknown[] };
}

it('serves GraphQL backed by the embedded emulator, signs the demo user in, and stops on SIGTERM', async () => {
  const { NODE_ENV: _n, ORY_SDK_URL: _o, ...env } = process.env;
  child = spawn(
    process.execPath,
    [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/main.ts'],
    {
      cwd: root,
      env: { ...env, PORT: '0', EMULATOR_PUBLIC_PORT: '0', EMULATOR_ADMIN_PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /serving GraphQL at (http:\/\/localhost:\d+\/graphql)/.exec(output);
      if (match?.[1] !== undefined) {
        clearInterval(timer);
        resolve(match[1]);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`exited early:\n${output}`));
      }
    }, 50);
  });
  expect(output).toContain(DEMO_USER.email);
  expect(output).toContain(DEMO_USER.password);

  const flow = await post(url, 'mutation { createLoginFlow { id } }');
  const login = await post(
    url,
    'mutation ($f: ID!, $i: String!, $p: String!) { updateLoginFlow(input: { flowId: $f, password: { identifier: $i, password: $p } }) { __typename ... on LoginSuccess { sessionToken } } }',
    { f: flow.data.createLoginFlow.id, i: DEMO_USER.email, p: DEMO_USER.password },
  );
  expect(login.data.updateLoginFlow.__typename).toBe('LoginSuccess');

  // Every method but WebAuthn and passkeys is on, so a newcomer can try each with no setup.
  const groups = async (mutation: string, token?: string): Promise<string[]> => {
    const res = await post(url, `mutation { ${mutation} { ui { nodes { group } } } }`, {}, token);
    return [...new Set<string>(res.data[mutation].ui.nodes.map((node: { group: string }) => node.group))];
  };
  expect(await groups('createLoginFlow')).toEqual(expect.arrayContaining(['password', 'code', 'oidc']));
  const settings = await groups('createSettingsFlow', login.data.updateLoginFlow.sessionToken);
  expect(settings).toEqual(expect.arrayContaining(['profile', 'password', 'totp', 'lookup_secret', 'oidc']));
  expect(settings).not.toContain('passkey');
  const me = await post(url, '{ me { identity { traits } } }', {}, login.data.updateLoginFlow.sessionToken);
  expect(me.data.me.identity.traits.email).toBe(DEMO_USER.email);

  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exit).toBe(0);
}, 60_000);
