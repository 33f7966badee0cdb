/**
 * `flow.MethodEnabledAndAllowedFromRequest`: reads only `method` from the body (or the query for
 * GET submits) to pick the strategy. A body that cannot be decoded fails here with a 400.
 */
import { decodeBody, type FieldSpec } from '../http/body';
import type { RequestContext } from '../http/requestContext';

const METHOD_FIELDS: ReadonlyMap<string, FieldSpec> = new Map([
  ['method', { type: 'string', required: false }],
]);

export async function submittedMethod(ctx: RequestContext): Promise<string> {
  const body = await decodeBody(ctx, {
    allowedMethods: ['POST', 'PUT', 'PATCH', 'GET'],
    fields: METHOD_FIELDS,
  });
  const method = body.method;
  return typeof method === 'string' ? method : '';
}
