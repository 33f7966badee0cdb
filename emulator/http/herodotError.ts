/**
 * The herodot `DefaultError` Kratos writes for every error, plus the "enhanced" variants that add
 * top-level keys next to `error` (expired flows: `expired_at`, `since`, `use_flow_id`).
 */
import { STATUS_CODES } from 'node:http';

/** herodot's default `message` per status (`error_defaults.go`) and Kratos' own `ErrGone`. */
const DEFAULT_MESSAGES: Readonly<Record<number, string>> = {
  400: 'The request was malformed or contained invalid parameters',
  401: 'The request could not be authorized',
  403: 'The requested action was forbidden',
  404: 'The requested resource could not be found',
  409: 'The resource could not be created due to a conflict',
  410: 'The requested resource is no longer available because it has expired or is otherwise invalid.',
  422: 'The request was well-formed but was unable to be followed due to semantic errors',
  500: 'An internal server error occurred, please contact the system administrator',
};

export interface HerodotErrorInit {
  code: number;
  id?: string;
  reason?: string;
  message?: string;
  details?: Record<string, unknown>;
  /** Top-level keys written after `error`, in this order (enhanced errors). */
  extra?: Record<string, unknown>;
}

export class HerodotError extends Error {
  readonly code: number;
  readonly id: string | undefined;
  readonly reason: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(init: HerodotErrorInit) {
    super(init.message ?? DEFAULT_MESSAGES[init.code] ?? STATUS_CODES[init.code] ?? 'Error');
    this.name = 'HerodotError';
    this.code = init.code;
    this.id = init.id;
    this.reason = init.reason;
    this.details = init.details;
    this.extra = init.extra;
  }

  get status(): string {
    return STATUS_CODES[this.code] ?? '';
  }

  with(changes: Partial<HerodotErrorInit>): HerodotError {
    return new HerodotError({
      code: this.code,
      id: this.id,
      reason: this.reason,
      message: this.message,
      details: this.details,
      extra: this.extra,
      ...changes,
    });
  }
}

export const badRequest = (reason?: string): HerodotError => new HerodotError({ code: 400, reason });
export const unauthorized = (reason?: string): HerodotError => new HerodotError({ code: 401, reason });
export const forbidden = (reason?: string): HerodotError => new HerodotError({ code: 403, reason });
export const notFound = (reason?: string): HerodotError => new HerodotError({ code: 404, reason });
export const conflict = (reason?: string): HerodotError => new HerodotError({ code: 409, reason });
export const internalError = (reason?: string): HerodotError => new HerodotError({ code: 500, reason });

/** `sqlcon.ErrNoRows`: what every unknown id produces (no id, no reason). */
export const resourceNotFound = (): HerodotError =>
  new HerodotError({ code: 404, message: 'Unable to locate the resource' });
