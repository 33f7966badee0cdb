/**
 * The Ory instances the tests run against, described once for both kinds of backend: each profile names the
 * Kratos configuration files that `npm run test:kratos` starts a real Kratos with, the environment variables
 * that carry that instance's URLs to the tests, and the emulator options that give the built-in emulator the same
 * settings. A test asks for a profile; it gets the emulator configured so, or the matching real Kratos.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EmulatorOptions } from '../../emulator';

export type ProfileName = 'standard' | 'shortLived';

export interface KratosProfile {
  /** Configuration files in this folder, merged in order (`kratos serve -c a.yml -c b.yml`). */
  readonly configs: readonly string[];
  /** Where the instance's public and admin URLs are found (set by `npm run test:kratos`). */
  readonly env: { readonly sdkUrl: string; readonly adminUrl: string };
  /** The same settings for the emulator. */
  readonly emulator: EmulatorOptions;
}

export const KRATOS_DIR = __dirname;

function schema(file: string): object {
  return JSON.parse(readFileSync(path.join(KRATOS_DIR, file), 'utf8')) as object;
}

/** `identity.schemas` of kratos.yml: the first is the default. */
const IDENTITY_SCHEMAS = [
  { id: 'default', schema: schema('identity.schema.json') },
  { id: 'with-roles', schema: schema('identity.with-roles.schema.json') },
];

/** short-lived.yml: flows expire after 1.5 s (settings flows excepted), the privileged window after 1 s. */
const SHORT_FLOW_MS = 1500;

export const PROFILES: Readonly<Record<ProfileName, KratosProfile>> = {
  standard: {
    configs: ['kratos.yml'],
    env: { sdkUrl: 'ORY_TEST_SDK_URL', adminUrl: 'ORY_TEST_ADMIN_URL' },
    emulator: { identitySchemas: IDENTITY_SCHEMAS },
  },
  shortLived: {
    configs: ['kratos.yml', 'short-lived.yml'],
    env: { sdkUrl: 'ORY_TEST_SHORT_LIVED_SDK_URL', adminUrl: 'ORY_TEST_SHORT_LIVED_ADMIN_URL' },
    emulator: {
      identitySchemas: IDENTITY_SCHEMAS,
      flowLifespans: {
        login: SHORT_FLOW_MS,
        registration: SHORT_FLOW_MS,
        recovery: SHORT_FLOW_MS,
        verification: SHORT_FLOW_MS,
      },
      privilegedSessionMaxAgeMs: 1000,
    },
  },
};
