/**
 * Admin courier endpoints (`courier/handler.go`): `GET /admin/courier/messages` (filters `status`
 * and exact `recipient`, keyset pagination newest first, `page_size` 10 by default, 500 at most)
 * and `GET /admin/courier/messages/{id}`. Page tokens are opaque (Kratos encrypts them with
 * `secrets.pagination`); here they wrap the id of the last message of the previous page.
 */
import { parseGoUuid } from '../admin/goUuid';
import { keysetLinkHeader } from '../admin/pagination';
import { badRequest, resourceNotFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { MESSAGE_STATUSES, messageJson, type CourierMessage } from './courier';

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 500;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

function encodeToken(lastId: string): string {
  return Buffer.from(JSON.stringify({ id: lastId }), 'utf8').toString('base64url');
}

/** The id after which the page starts; `undefined` for a token the emulator did not issue. */
function decodeToken(token: string): string | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      typeof decoded === 'object' &&
      decoded !== null &&
      'id' in decoded &&
      typeof decoded.id === 'string'
    ) {
      return decoded.id;
    }
  } catch {
    // Falls through to "invalid".
  }
  return undefined;
}

function pageSize(raw: string | null): number {
  if (raw === null || !/^\d+$/.test(raw)) return DEFAULT_PAGE_SIZE;
  // keysetpagination: a size below 1 means the default.
  const size = Number.parseInt(raw, 10);
  return size < 1 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
}

function listCourierMessages(ctx: RequestContext): void {
  const status = ctx.query.get('status');
  if (status !== null && !MESSAGE_STATUSES.some((s) => s === status)) {
    sendError(ctx, badRequest('Message status is not valid'));
    return;
  }
  const recipient = ctx.query.get('recipient') ?? '';
  const matching = ctx.deps.courier
    .list()
    .filter(
      (m: CourierMessage) =>
        (status === null || m.status === status) && (recipient === '' || m.recipient === recipient),
    );
  const size = pageSize(ctx.query.get('page_size'));
  const token = ctx.query.get('page_token');
  let start = 0;
  if (token !== null && token !== '') {
    const after = decodeToken(token);
    if (after === undefined) {
      sendError(ctx, badRequest('The page token is invalid, do not craft your own page tokens'));
      return;
    }
    start = after === NIL_UUID ? 0 : matching.findIndex((m) => m.id === after) + 1;
  }
  const page = matching.slice(start, start + size);
  const last = page[page.length - 1];
  const next = start + size < matching.length && last !== undefined ? encodeToken(last.id) : undefined;
  const query = new URLSearchParams(ctx.query);
  query.delete('page_token');
  query.delete('page_size');
  const link = keysetLinkHeader({ origin: '', path: ctx.path, query }, encodeToken(NIL_UUID), size, next);
  // Kratos sends no X-Total-Count on this list.
  sendJson(ctx, 200, page.map(messageJson), { Link: link });
}

function getCourierMessage(ctx: RequestContext): void {
  const parsed = parseGoUuid(ctx.params.id ?? '');
  if (!parsed.ok) {
    sendError(ctx, badRequest().with({ message: parsed.error }));
    return;
  }
  const message = ctx.deps.courier.get(parsed.id);
  if (!message) {
    sendError(ctx, resourceNotFound());
    return;
  }
  sendJson(ctx, 200, messageJson(message));
}

export function registerCourierRoutes(router: Router): void {
  router.get('/admin/courier/messages', listCourierMessages);
  router.get('/admin/courier/messages/{id}', getCourierMessage);
}
