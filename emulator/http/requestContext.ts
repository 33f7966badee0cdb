/** What every route handler receives. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorDeps } from '../deps';

export type ListenerName = 'public' | 'admin';

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly listener: ListenerName;
  /** Path used for routing (on admin: with the `/admin` prefix added, like Kratos' middleware). */
  readonly path: string;
  /** Path exactly as received. */
  readonly originalPath: string;
  /** Raw query string without `?` ('' when absent). */
  readonly rawQuery: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  readonly deps: EmulatorDeps;
  /** Reads the body once (5 MB limit) and caches it, so several decoders can look at it. */
  body(): Promise<Buffer>;
  /** Called by `respond` right before the status line is written (request log). */
  onRespond(status: number): void;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

export function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.req.headers[name.toLowerCase()];
  if (Array.isArray(value)) return value.join(', ');
  return value;
}
