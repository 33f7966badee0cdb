/**
 * The built-in Ory emulator, loaded only when it is needed (no ORY_SDK_URL, outside production). It is the
 * workspace package @ory-graphql/emulator, a development dependency: the production image and the library
 * package do not ship it, and nothing else in src/ loads it.
 */
import type { EmulatorOptions } from '@ory-graphql/emulator';
import { ConfigError, type Config } from './config';

export type EmulatorModule = typeof import('@ory-graphql/emulator');

export async function loadEmulator(): Promise<EmulatorModule> {
  try {
    return await import('@ory-graphql/emulator');
  } catch (error) {
    if (
      error instanceof Error &&
      'code' in error &&
      (error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND')
    ) {
      throw new ConfigError(['ORY_SDK_URL: is required: this build has no built-in Ory emulator']);
    }
    throw error;
  }
}

/**
 * What `npm start` runs the emulator with: every method but WebAuthn and passkeys, with a built-in social sign-in
 * provider, so each can be tried as is; and, where Kratos takes one choice for the whole server (the flow styles,
 * code or link, code as first or second factor), the one the EMULATOR_* variables name.
 */
export function embeddedEmulatorOptions(config: Config, emulator: EmulatorModule): EmulatorOptions {
  return {
    ...emulator.EMULATOR_DEVELOPMENT_DEFAULTS,
    ...emulator.emulatorChoiceOptions(config.emulator.choices),
    publicPort: config.emulator.publicPort,
    adminPort: config.emulator.adminPort,
    seedDemoUser: true,
    // Browsers visit Ory's public URL in a social sign-in, and its callback sets Ory's cookies there: under the
    // host name the banner gives for the facade and the demo page (localhost), those cookies are the page's.
    ...(config.emulator.publicPort !== 0
      ? { publicBaseUrl: `http://localhost:${config.emulator.publicPort}/` }
      : {}),
    // Ory's UI URLs (where it sends browsers: errors, social sign-in's way back) are the demo page's routes.
    ...(config.demo && config.port !== 0 ? { uiBaseUrl: `http://localhost:${config.port}/demo` } : {}),
  };
}
