/** The typed traits a server starts with, as `TRAITS_SCHEMAS` says (see config.ts). */
import type { ServerConfig } from '../config';
import type { Logger } from '../logger';
import type { OryClients } from '../ory/clients';
import { savedTraits, servedIdentitySchemas, traitsRuntimeFor } from './identitySchemas';
import type { TraitsRuntime } from './traitsRuntime';

export async function loadTraits(
  config: ServerConfig,
  clients: OryClients,
  logger: Logger,
): Promise<TraitsRuntime> {
  if (config.traitsSchemas === 'file') return savedTraits();
  try {
    const schemas = await servedIdentitySchemas(clients, config.oryTimeoutMs);
    logger.info(
      { schemas: schemas.map((schema) => schema.id) },
      'typed traits from the identity schemas Ory serves',
    );
    return traitsRuntimeFor(schemas);
  } catch (error) {
    // Starting is better than not: the saved schemas still give every client a working API.
    logger.warn(
      { err: error },
      'TRAITS_SCHEMAS=served: Ory could not be asked for its identity schemas; using the saved ones',
    );
    return savedTraits();
  }
}
