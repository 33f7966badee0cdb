/**
 * The built-in Ory emulator, loaded only when it is needed (no ORY_SDK_URL, outside production). It is the
 * workspace package @ory-graphql/emulator, a development dependency: the production image and the library
 * package do not ship it, and nothing else in src/ loads it.
 */
import { ConfigError } from './config';

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
