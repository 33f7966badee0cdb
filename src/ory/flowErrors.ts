/** Ory's self-service error containers (`getFlowError`), where browser flows send users after a failure. */
import type { OryCaller } from './caller';
import type { FlowError } from './models';
import { OryError } from './oryError';
import { fromOryError } from '../errors';

export class FlowErrorsApi {
  constructor(private readonly caller: OryCaller) {}

  /** The error container, or `null` for an unknown id. */
  async get(id: string): Promise<FlowError | null> {
    try {
      const { data } = await this.caller.call(
        'getFlowError',
        this.caller.mode,
        (o) => this.api.getFlowError({ id }, o),
        { idempotent: true },
      );
      return data;
    } catch (error) {
      if (error instanceof OryError && error.status === 404) return null;
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }

  private get api() {
    return this.caller.clients.frontend;
  }
}
