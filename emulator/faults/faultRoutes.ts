/**
 * The HTTP control API for fault rules and connection counts, on the admin listener (emulator-only,
 * no Kratos equivalent; like `/emulator/requests` these requests are neither logged nor faulted):
 *
 * - `GET /emulator/faults` lists rules, `POST /emulator/faults` adds one (201 with its view),
 *   `DELETE /emulator/faults` removes all, `GET|DELETE /emulator/faults/{id}` one rule;
 * - `GET /emulator/connections` returns `{ public, admin }`, `DELETE /emulator/connections` resets.
 */
import { badRequest, resourceNotFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendEmpty, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { parseJson, type JsonValue } from '../json';
import type { FaultRule } from './faultRule';
import { FaultRuleError, parseFaultRule } from './parseFaultRule';

async function readRule(ctx: RequestContext): Promise<JsonValue> {
  let text: string;
  try {
    text = (await ctx.body()).toString('utf8');
  } catch (error) {
    throw badRequest(error instanceof Error ? error.message : String(error));
  }
  try {
    return parseJson(text);
  } catch {
    throw badRequest('the body must be a JSON fault rule');
  }
}

async function addFault(ctx: RequestContext): Promise<void> {
  const input = await readRule(ctx);
  let rule: FaultRule;
  try {
    rule = parseFaultRule(input);
  } catch (error) {
    if (error instanceof FaultRuleError) throw badRequest(error.message);
    throw error;
  }
  // Closing the admin listener would take this control API down with it, and only the library
  // API could bring it back.
  if (rule.kind === 'closed' && rule.listener !== 'public') {
    throw badRequest(
      'over HTTP a "closed" fault may only close the public listener; use emulator.faults.add()',
    );
  }
  const id = ctx.deps.faults.add(rule);
  sendJson(ctx, 201, ctx.deps.faults.get(id));
}

export function registerFaultRoutes(router: Router): void {
  router.get('/admin/emulator/faults', (ctx) => {
    sendJson(ctx, 200, ctx.deps.faults.list());
  });
  router.post('/admin/emulator/faults', addFault);
  router.delete('/admin/emulator/faults', async (ctx) => {
    await ctx.deps.faults.clear();
    sendEmpty(ctx, 204);
  });
  router.get('/admin/emulator/faults/{id}', (ctx) => {
    const view = ctx.deps.faults.get(ctx.params.id ?? '');
    if (view === undefined) throw resourceNotFound();
    sendJson(ctx, 200, view);
  });
  router.delete('/admin/emulator/faults/{id}', async (ctx) => {
    if (!(await ctx.deps.faults.remove(ctx.params.id ?? ''))) throw resourceNotFound();
    sendEmpty(ctx, 204);
  });
  router.get('/admin/emulator/connections', (ctx) => {
    sendJson(ctx, 200, ctx.deps.connections.snapshot());
  });
  router.delete('/admin/emulator/connections', (ctx) => {
    ctx.deps.connections.reset();
    sendEmpty(ctx, 204);
  });
}
