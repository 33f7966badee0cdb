/**
 * The path every admin-API call takes. Admin calls carry only the server's Ory API key (set on the admin SDK
 * clients), never a user's cookie or token. Callers reach this only through the admin gate in src/context.
 */
import type { AxiosResponse } from 'axios';
import { callOry, type ResponseShape } from './call';
import type { OryClients } from './clients';
import { OryError } from './oryError';
import { fromOryError } from '../errors';

export class AdminCaller {
  constructor(readonly clients: OryClients) {}

  /** Runs an admin call; every failure becomes the contract's GraphQL error. */
  async fetch<T>(
    operation: string,
    run: () => Promise<AxiosResponse<T>>,
    shape: ResponseShape = 'object',
  ): Promise<AxiosResponse<T>> {
    try {
      return await callOry('admin', operation, run, shape);
    } catch (error) {
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }

  async read<T>(
    operation: string,
    run: () => Promise<AxiosResponse<T>>,
    shape: ResponseShape = 'object',
  ): Promise<T> {
    return (await this.fetch(operation, run, shape)).data;
  }

  /** Like `read`, with Ory's 404 (and a 400 for a malformed id) answered as `null`. */
  async readOrNull<T>(operation: string, run: () => Promise<AxiosResponse<T>>): Promise<T | null> {
    try {
      return (await callOry('admin', operation, run)).data;
    } catch (error) {
      if (error instanceof OryError && error.status === 404) return null;
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }
}
