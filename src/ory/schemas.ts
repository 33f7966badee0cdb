/** Identity schemas (`listIdentitySchemas`, `getIdentitySchema`): public endpoints, called without credentials. */
import type { OryCaller } from './caller';
import type { IdentitySchemaContainer } from './models';
import { OryError } from './oryError';
import { fromOryError } from '../errors';

export class SchemasApi {
  constructor(private readonly caller: OryCaller) {}

  /** All identity schemas (Ory's largest page holds 1000). */
  list(): Promise<IdentitySchemaContainer[]> {
    return this.caller.read(
      'listIdentitySchemas',
      'native',
      (o) => this.api.listIdentitySchemas({ pageSize: 1000 }, o),
      { shape: 'array', idempotent: true },
    );
  }

  /** One identity schema, or `null` for an unknown id (Ory 404). */
  async get(id: string): Promise<IdentitySchemaContainer | null> {
    try {
      const { data } = await this.caller.call(
        'getIdentitySchema',
        'native',
        (o) => this.api.getIdentitySchema({ id }, o),
        { idempotent: true },
      );
      return { id, schema: data };
    } catch (error) {
      if (error instanceof OryError && error.status === 404) return null;
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }

  private get api() {
    return this.caller.clients.schemas;
  }
}
