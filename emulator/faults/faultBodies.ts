/** The bodies faults write when the rule does not bring its own. */
import { HerodotError } from '../http/herodotError';
import { errorEnvelope } from '../http/respond';
import { goJsonStringify } from '../json';
import type { StatusFault } from './faultRule';

/** Ten MiB: the "oversized body" of the design's fault list. */
export const DEFAULT_OVERSIZED_BYTES = 10 * 1024 * 1024;

/** Starts like JSON (so a client that sniffs the first byte still tries to parse it), then is not. */
export const DEFAULT_MALFORMED_BODY = '{"id": "malformed", "active": tru<html>not json</html>\n';

/** Stands in when the real answer has no body to cut short (204, redirects without a body). */
export const TRUNCATION_FALLBACK_BODY = `${goJsonStringify({
  error: { code: 500, status: 'Internal Server Error', message: 'this body is cut short by the emulator' },
})}\n`;

/** The herodot envelope Kratos would write for this status (plus the rule's id/reason/message/details). */
export function statusFaultEnvelope(rule: StatusFault, requestId: string | undefined): string {
  const error = new HerodotError({ code: rule.status, ...rule.error });
  return `${goJsonStringify(errorEnvelope(error, requestId))}\n`;
}

/** Valid JSON of exactly `bytes` bytes: `{"padding":"xxx…"}`, or a bare string when that does not fit. */
export function oversizedBody(bytes: number): Buffer {
  const prefix = '{"padding":"';
  const suffix = '"}';
  const [open, close] = bytes >= prefix.length + suffix.length ? [prefix, suffix] : ['"', '"'];
  const body = Buffer.alloc(bytes, 'x');
  body.write(open, 0, 'utf8');
  body.write(close, bytes - close.length, 'utf8');
  return body;
}
