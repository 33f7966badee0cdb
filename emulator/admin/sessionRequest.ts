/** Query and path parsing shared by the admin session handlers (`session/handler.go`). */
import { parseGoBool } from '../http/body';
import { badRequest } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import type { Session } from '../session/session';
import { parseGoUuid } from './goUuid';

/** Path ids go through `uuid.FromString`; its error text becomes the `message`. */
export function pathUuid(ctx: RequestContext, name: string): string {
  const parsed = parseGoUuid(ctx.params[name] ?? '');
  if (!parsed.ok) throw badRequest().with({ message: parsed.error });
  return parsed.id;
}

/** `active`: absent or empty means "all"; otherwise Go's `strconv.ParseBool`. */
export function parseActive(query: URLSearchParams): boolean | undefined {
  const raw = query.get('active') ?? '';
  if (raw === '') return undefined;
  const value = parseGoBool(raw);
  if (value === undefined) throw badRequest().with({ message: 'could not parse parameter active' });
  return value;
}

/** The `active` filter of the session persister: the stored flag and the expiry, not the identity. */
export function matchesActive(session: Session, active: boolean | undefined, now: Date): boolean {
  if (active === undefined) return true;
  const current = session.active && session.expiresAt.getTime() >= now.getTime();
  return current === active;
}

export interface Expand {
  readonly identity: boolean;
  readonly devices: boolean;
}

/** `ParseExpandable`, case-insensitive; the first unknown value fails the request. */
export function parseExpand(query: URLSearchParams): Expand {
  let identity = false;
  let devices = false;
  for (const value of query.getAll('expand')) {
    const lower = value.toLowerCase();
    if (lower === 'identity') identity = true;
    else if (lower === 'devices') devices = true;
    else throw badRequest(`Could not parse expand option: ${value}`);
  }
  return { identity, devices };
}

/** Newest first: Kratos orders by `created_at DESC`; the store keeps creation order. */
export function sessionsNewestFirst(sessions: readonly Session[]): Session[] {
  return [...sessions].reverse();
}
