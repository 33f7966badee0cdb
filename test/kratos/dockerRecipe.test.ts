/**
 * The Docker recipe of test/kratos/README.md (for running the suite against Kratos without `npm run test:kratos`)
 * must start every profile of profiles.ts with its configuration files and set its variables: a profile it
 * forgets makes the documented command fail with "no Kratos for the ... profile". The README's variable table
 * must name them all too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OIDC_ISSUER_ENV } from '../harness/oidcProvider';
import { KRATOS_DIR, PROFILES, type ProfileName } from './profiles';

const recipe = /```sh\n([\s\S]*?)```/.exec(readFileSync(path.join(KRATOS_DIR, 'README.md'), 'utf8'))?.[1] ?? '';
const readme = readFileSync(path.join(KRATOS_DIR, '..', '..', 'README.md'), 'utf8');
const profiles = Object.keys(PROFILES) as ProfileName[];

/** `kratos <name> <port> <files...>` lines: the port and the files of each started instance. */
const started = [...recipe.matchAll(/^kratos (\S+) +(\d+) +(.+)$/gm)].map(([, name, port, files]) => ({
  name,
  port: Number(port),
  configs: (files ?? '').trim().split(/\s+/),
}));

/** The value each `export NAME=value` gives. */
const exported = new Map(
  [...recipe.matchAll(/\b([A-Z_]+)=(\S+)/g)].map(([, name, value]) => [name ?? '', value ?? '']),
);

it.each(profiles)('the recipe starts the %s profile with its files and exports its URLs', (profile) => {
  const { configs, env } = PROFILES[profile];
  const publicUrl = exported.get(env.sdkUrl);
  const adminUrl = exported.get(env.adminUrl);
  expect(publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const instance = started.find((candidate) => publicUrl === `http://127.0.0.1:${candidate.port}`);
  expect(instance?.configs).toEqual(configs);
  expect(adminUrl).toBe(`http://127.0.0.1:${(instance?.port ?? 0) + 1}`);
  expect(readme).toContain(`\`${env.sdkUrl}\` / \`${env.adminUrl}\``);
});

it('starts no instance twice on one port, and names the OpenID provider', () => {
  expect(new Set(started.map((instance) => instance.port)).size).toBe(profiles.length);
  expect(exported.get(OIDC_ISSUER_ENV)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(recipe).toContain(`sed 's#http://oidc-issuer.invalid#${exported.get(OIDC_ISSUER_ENV)}#'`);
  expect(readme).toContain(`\`${OIDC_ISSUER_ENV}\``);
});
