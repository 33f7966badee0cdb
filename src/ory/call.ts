/**
 * The single path every Ory call takes: run the SDK call, turn any failure into an OryError, and refuse answers
 * that are not the JSON object the SDK promised (a proxy's HTML error page, a truncated body).
 */
import type { AxiosResponse } from 'axios';
import { OryError, isRecord, toOryError } from './oryError';

export type OryApiName = 'frontend' | 'admin';

/** What a successful answer must be: a JSON object, a JSON array, or anything (204 answers). */
export type ResponseShape = 'object' | 'array' | 'none';

/** Runs an SDK call and checks its answer has the expected shape. */
export async function callOry<T>(
  api: OryApiName,
  operation: string,
  run: () => Promise<AxiosResponse<T>>,
  shape: ResponseShape = 'object',
): Promise<AxiosResponse<T>> {
  let response: AxiosResponse<T>;
  try {
    response = await run();
  } catch (error) {
    throw toOryError(error, api, operation);
  }
  const data: unknown = response.data;
  const wellFormed = shape === 'none' || (shape === 'array' ? Array.isArray(data) : isRecord(data));
  if (!wellFormed) {
    throw new OryError({
      kind: 'malformed',
      api,
      operation,
      status: response.status,
      cause: 'unexpected body',
    });
  }
  return response;
}
