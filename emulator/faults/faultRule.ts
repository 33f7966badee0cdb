/**
 * Fault rules: what a test asks the emulator to do instead of (or on top of) answering like
 * Kratos. The shapes are plain JSON so the same rule works through the library API
 * (`emulator.faults.add(rule)`) and the HTTP control API (`POST /emulator/faults`).
 */
import type { JsonValue } from '../json';

/** Which listener a rule watches; `either` means both. */
export type FaultListener = 'public' | 'admin' | 'either';

/** Which requests a rule applies to, and how often. */
export interface FaultTarget {
  /** Default `either`. */
  readonly listener?: FaultListener;
  /** HTTP method, case-insensitive; default any method. `GET` does not match `HEAD`. */
  readonly method?: string;
  /**
   * Exact path, or a prefix ending in `*` (`*` alone: every path); default `*`. Matched against the
   * routed path: on the admin listener a missing `/admin` prefix is added to the request path *and*
   * to the rule's path (Kratos' `AddAdminPrefixIfNotPresentNegroni`), so `/identities*` and
   * `/admin/identities*` are the same admin rule. The query string is never part of the path.
   */
  readonly path?: string;
  /** Apply to the next N matching requests, then expire. Default: unlimited. */
  readonly times?: number;
  /** Let the first N matching requests through untouched, then start applying. Default 0. */
  readonly afterCalls?: number;
}

/** Top-level fields of the herodot envelope a `status` fault writes by default. */
export interface FaultErrorInit {
  readonly id?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly details?: Readonly<Record<string, JsonValue>>;
}

/** Answer `status` with a herodot envelope, or with `body` as `contentType`. The request is not processed. */
export interface StatusFault {
  readonly kind: 'status';
  readonly status: number;
  /** Replaces the envelope; `contentType` defaults to `application/json`. */
  readonly body?: string;
  readonly contentType?: string;
  /** Shapes the default envelope (e.g. `{ id: 'session_aal2_required' }`); ignored with `body`. */
  readonly error?: FaultErrorInit;
  /** Extra headers (`Retry-After`, `x-ratelimit-reset`, a `Set-Cookie` list, ...). */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
}

/** Wait `ms`, then handle normally. A client that gives up first leaves the request unprocessed. */
export interface DelayFault {
  readonly kind: 'delay';
  readonly ms: number;
}

/** Accept the request and never answer; the connection stays open until the client (or `close()`) ends it. */
export interface HangFault {
  readonly kind: 'hang';
}

/** Process the request at once (side effects happen) but hold the status line back for `ms`. */
export interface SlowHeadersFault {
  readonly kind: 'slowHeaders';
  readonly ms: number;
}

/**
 * Headers at once, then the body `chunkBytes` at a time (default 4) every `intervalMs` (default
 * 100). The body is the emulator's real answer, or `body` as a 200 `application/json`.
 */
export interface DribbleFault {
  readonly kind: 'dribble';
  readonly chunkBytes?: number;
  readonly intervalMs?: number;
  readonly body?: string;
}

/**
 * Headers with the full `Content-Length`, the first `bytes` of the body (default: half), then the
 * socket is closed (`abort: 'close'`, a FIN, default) or reset (`'reset'`, an RST). The body is the
 * emulator's real answer (the request is processed), or `body` as a 200 `application/json`.
 */
export interface TruncatedFault {
  readonly kind: 'truncated';
  readonly body?: string;
  readonly bytes?: number;
  readonly abort?: 'close' | 'reset';
}

/** Reset the connection (RST) as soon as the request arrives; nothing is processed. */
export interface ResetFault {
  readonly kind: 'reset';
}

/** `status` (default 200) with `Content-Type: application/json` and a body that is not JSON. */
export interface MalformedFault {
  readonly kind: 'malformed';
  readonly status?: number;
  readonly body?: string;
}

/**
 * The emulator's real answer (or `body`, status 200) labelled `contentType` (default
 * `text/plain; charset=utf-8`).
 */
export interface WrongContentTypeFault {
  readonly kind: 'wrongContentType';
  readonly contentType?: string;
  readonly body?: string;
}

/**
 * A 200 `application/json` body of exactly `bytes` bytes (default 10 MiB), valid JSON. With
 * `chunked: true` no `Content-Length` is sent, so a client cannot refuse it up front.
 */
export interface OversizedFault {
  readonly kind: 'oversized';
  readonly bytes?: number;
  readonly chunked?: boolean;
}

/**
 * Stop listening (connection refused) and drop every open connection of `listener` until the
 * rule is removed. Listener-wide, so it takes no path, method or counts.
 */
export interface ClosedFault {
  readonly kind: 'closed';
  readonly listener: FaultListener;
}

/** Faults that shape the answer to one request. */
export type RequestFault =
  | StatusFault
  | DelayFault
  | HangFault
  | SlowHeadersFault
  | DribbleFault
  | TruncatedFault
  | ResetFault
  | MalformedFault
  | WrongContentTypeFault
  | OversizedFault;

export type RequestFaultRule = FaultTarget & RequestFault;

export type FaultRule = RequestFaultRule | ClosedFault;

export type FaultKind = FaultRule['kind'];

/** A registered rule, as `list()` and `GET /emulator/faults` show it. */
export interface FaultView {
  readonly id: string;
  /** The rule with defaults filled in (`listener`, `path`) and the method upper-cased. */
  readonly rule: FaultRule;
  /** Matching requests seen while the rule was active, `afterCalls` ones included. */
  readonly matched: number;
  /** Requests the fault was applied to. */
  readonly applied: number;
  /** Applications left; `null` when unlimited. An expired rule stays listed with 0. */
  readonly remaining: number | null;
}

/** The library API: `emulator.faults`. */
export interface Faults {
  /** Validates and registers a rule; returns its id. A `closed` rule closes the listener before returning. */
  add(rule: FaultRule): string;
  /** Resolves `false` for an unknown id; waits until a listener closed by the rule listens again. */
  remove(id: string): Promise<boolean>;
  /** Removes every rule; waits until closed listeners listen again. */
  clear(): Promise<void>;
  list(): FaultView[];
}

export const FAULT_KINDS: readonly FaultKind[] = [
  'status',
  'delay',
  'hang',
  'slowHeaders',
  'dribble',
  'truncated',
  'reset',
  'malformed',
  'wrongContentType',
  'oversized',
  'closed',
];
