/**
 * Answers written straight to Node's response: one `writeHead` with every header, one `end` with the body (no
 * ETag, no content negotiation: every answer of the facade is JSON or Apollo's landing page).
 */
import type { ServerResponse } from 'node:http';

const JSON_TYPE = 'application/json; charset=utf-8';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A GraphQL-shaped error answer for requests that never reach GraphQL (unknown paths, unreadable bodies). */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  requestId: string,
): void {
  sendJson(res, status, { errors: [{ message, extensions: { code, requestId } }] });
}
