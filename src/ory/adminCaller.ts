/**
 * The path every admin-API call takes. Admin calls carry only the server's Ory API key (set on the admin SDK
 * clients), never a user's cookie or token. Callers reach this only through the admin gate in src/context.
 */
import type { AxiosResponse, RawAxiosRequestConfig } from 'axios';
import type { OryClients } from './clients';
import { OryError } from './oryError';
import type { CallScope, ResponseShape } from './transport';
import { fromOryError } from '../errors';

export interface AdminCallOptions {
  shape?: ResponseShape;
  /** A read that may be retried (HTTP GET). */
  idempotent?: boolean;
}

type AdminRun<T> = (options: RawAxiosRequestConfig) => Promise<AxiosResponse<T>>;

export class AdminCaller {
  constructor(
    readonly clients: OryClients,
    private readonly scope: CallScope,
  ) {}

  /** Runs an admin call; failures are thrown as OryErrors, for callers that turn some into outcomes. */
  call<T>(operation: string, run: AdminRun<T>, options: AdminCallOptions = {}): Promise<AxiosResponse<T>> {
    return this.clients.transport.call(
      {
        api: 'admin',
        operation,
        run: (timeout, traceHeaders) => run({ timeout, headers: { ...traceHeaders } }),
        shape: options.shape ?? 'object',
        idempotent: options.idempotent ?? false,
      },
      this.scope,
    );
  }

  /** Runs an admin call; every failure becomes the contract's GraphQL error. */
  async fetch<T>(
    operation: string,
    run: AdminRun<T>,
    options: AdminCallOptions = {},
  ): Promise<AxiosResponse<T>> {
    try {
      return await this.call(operation, run, options);
    } catch (error) {
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }

  async read<T>(operation: string, run: AdminRun<T>, options: AdminCallOptions = {}): Promise<T> {
    return (await this.fetch(operation, run, options)).data;
  }

  /** A read with Ory's 404 answered as `null`. */
  async readOrNull<T>(operation: string, run: AdminRun<T>): Promise<T | null> {
    try {
      return (await this.call(operation, run, { idempotent: true })).data;
    } catch (error) {
      if (error instanceof OryError && error.status === 404) return null;
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }
}
