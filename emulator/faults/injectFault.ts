/**
 * Carries out a request fault on one exchange. The request-log entry is kept truthful: `status`
 * is what went out on the wire (0 when no status line was sent), `fault` names the rule, and
 * `clientClosed` is set when the client hung up before the answer was complete.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { destroyByEmulator, wasClosedByEmulator } from '../http/emulatorClosedSockets';
import type { RequestLogEntry } from '../requestLog';
import { captureResponse, type CapturedResponse } from './capturedResponse';
import {
  DEFAULT_MALFORMED_BODY,
  DEFAULT_OVERSIZED_BYTES,
  oversizedBody,
  statusFaultEnvelope,
  TRUNCATION_FALLBACK_BODY,
} from './faultBodies';
import type { AppliedFault } from './faultRegistry';
import type { RequestFaultRule, StatusFault } from './faultRule';

export interface FaultExchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly entry: RequestLogEntry;
  /** The normal handling of the request (middleware, routing, handler). */
  serve(): Promise<void>;
}

type Headers = Readonly<Record<string, string | readonly string[]>>;

const JSON_TYPE = 'application/json';
const DEFAULT_DRIBBLE_CHUNK = 4;
const DEFAULT_DRIBBLE_INTERVAL_MS = 100;
/** Chunked oversized bodies go out in pieces so there is more than one chunk on the wire. */
const OVERSIZED_PIECE = 64 * 1024;

function connectionGone(res: ServerResponse): boolean {
  return res.destroyed || res.socket === null || res.socket.destroyed;
}

/** Resolves when the connection closes (at once if it already has). */
function whenClosed(res: ServerResponse): Promise<void> {
  if (connectionGone(res)) return Promise.resolve();
  return new Promise((resolve) =>
    res.once('close', () => {
      resolve();
    }),
  );
}

/** Waits `ms`; resolves `false` instead if the connection closes first (the timer is then cleared). */
function sleep(res: ServerResponse, ms: number): Promise<boolean> {
  if (connectionGone(res)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, ms);
    res.once('close', onClose);
  });
}

/** Resolves once everything written so far has been handed to the kernel. */
function flushed(exchange: FaultExchange): Promise<void> {
  return new Promise((resolve) =>
    exchange.req.socket.write(Buffer.alloc(0), () => {
      resolve();
    }),
  );
}

function writeWhole(exchange: FaultExchange, status: number, headers: Headers, body: Buffer | string): void {
  const { res, entry } = exchange;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  entry.status = status;
  res.writeHead(status);
  res.end(body);
}

/** The handler's real answer, captured instead of sent (its headers stay on `res`). */
async function realAnswer(exchange: FaultExchange): Promise<CapturedResponse | undefined> {
  const capture = captureResponse(exchange.res);
  let captured: CapturedResponse | undefined;
  try {
    await exchange.serve();
  } finally {
    captured = capture.release();
  }
  // The handler reported its status while writing into the buffer; nothing is on the wire yet.
  exchange.entry.status = 0;
  // A handler that never ended its response would leave the client waiting without any fault.
  if (captured === undefined) destroyByEmulator(exchange.req.socket);
  return captured;
}

/** The rule's own `body` as a 200 JSON document (the handler does not run), else the real answer. */
function answerOf(exchange: FaultExchange, body: string | undefined): Promise<CapturedResponse | undefined> {
  if (body === undefined) return realAnswer(exchange);
  exchange.res.setHeader('Content-Type', JSON_TYPE);
  return Promise.resolve({ status: 200, body: Buffer.from(body, 'utf8') });
}

async function dribble(exchange: FaultExchange, answer: CapturedResponse, chunk: number, intervalMs: number) {
  const { res, entry } = exchange;
  res.setHeader('Content-Length', answer.body.length);
  entry.status = answer.status;
  res.writeHead(answer.status);
  res.flushHeaders();
  for (let offset = 0; offset < answer.body.length; offset += chunk) {
    if (offset > 0 && !(await sleep(res, intervalMs))) return;
    res.write(answer.body.subarray(offset, offset + chunk));
  }
  res.end();
}

async function truncate(
  exchange: FaultExchange,
  answer: CapturedResponse,
  bytes: number | undefined,
  reset: boolean,
) {
  const { res, entry } = exchange;
  let { status, body } = answer;
  if (body.length === 0) {
    status = 200;
    body = Buffer.from(TRUNCATION_FALLBACK_BODY, 'utf8');
    res.setHeader('Content-Type', JSON_TYPE);
  }
  const sent = Math.min(bytes ?? Math.floor(body.length / 2), body.length - 1);
  res.setHeader('Content-Length', body.length);
  entry.status = status;
  res.writeHead(status);
  res.flushHeaders();
  if (sent > 0) res.write(body.subarray(0, sent));
  // Destroying drops unsent data, so the partial body is flushed first: the client must see it.
  await flushed(exchange);
  destroyByEmulator(exchange.req.socket, reset);
}

function oversized(exchange: FaultExchange, bytes: number, chunked: boolean): void {
  const { res, entry } = exchange;
  const body = oversizedBody(bytes);
  res.setHeader('Content-Type', JSON_TYPE);
  entry.status = 200;
  if (!chunked) {
    res.setHeader('Content-Length', body.length);
    res.writeHead(200);
    res.end(body);
    return;
  }
  // Without Content-Length and with more than one write, Node uses chunked transfer encoding.
  res.writeHead(200);
  for (let offset = 0; offset < body.length; offset += OVERSIZED_PIECE) {
    res.write(body.subarray(offset, offset + OVERSIZED_PIECE));
  }
  res.end();
}

function answerStatus(exchange: FaultExchange, rule: StatusFault): void {
  const headers: Record<string, string | readonly string[]> = {};
  let body = rule.body;
  if (body === undefined) {
    // Like Kratos' error writer: the header is always there, empty without an error id.
    headers['Ory-Error-Id'] = rule.error?.id ?? '';
    const requestId = exchange.req.headers['x-request-id'];
    body = statusFaultEnvelope(rule, typeof requestId === 'string' ? requestId : undefined);
  }
  Object.assign(headers, rule.headers, { 'Content-Type': rule.contentType ?? JSON_TYPE });
  writeWhole(exchange, rule.status, headers, body);
}

async function apply(rule: RequestFaultRule, exchange: FaultExchange): Promise<void> {
  const { req, res, entry } = exchange;
  switch (rule.kind) {
    case 'status':
      answerStatus(exchange, rule);
      return;
    case 'delay':
      if (await sleep(res, rule.ms)) await exchange.serve();
      return;
    case 'hang':
      await whenClosed(res);
      return;
    case 'slowHeaders': {
      const answer = await realAnswer(exchange);
      if (answer === undefined || !(await sleep(res, rule.ms))) return;
      writeWhole(exchange, answer.status, {}, answer.body);
      return;
    }
    case 'dribble': {
      const answer = await answerOf(exchange, rule.body);
      if (answer === undefined) return;
      await dribble(
        exchange,
        answer,
        rule.chunkBytes ?? DEFAULT_DRIBBLE_CHUNK,
        rule.intervalMs ?? DEFAULT_DRIBBLE_INTERVAL_MS,
      );
      return;
    }
    case 'truncated': {
      const answer = await answerOf(exchange, rule.body);
      if (answer === undefined) return;
      await truncate(exchange, answer, rule.bytes, rule.abort === 'reset');
      return;
    }
    case 'reset':
      entry.status = 0;
      destroyByEmulator(req.socket, true);
      return;
    case 'malformed':
      writeWhole(
        exchange,
        rule.status ?? 200,
        { 'Content-Type': JSON_TYPE },
        rule.body ?? DEFAULT_MALFORMED_BODY,
      );
      return;
    case 'wrongContentType': {
      const contentType = rule.contentType ?? 'text/plain; charset=utf-8';
      if (rule.body !== undefined) {
        writeWhole(exchange, 200, { 'Content-Type': contentType }, rule.body);
        return;
      }
      const answer = await realAnswer(exchange);
      if (answer === undefined) return;
      writeWhole(exchange, answer.status, { 'Content-Type': contentType }, answer.body);
      return;
    }
    case 'oversized':
      oversized(exchange, rule.bytes ?? DEFAULT_OVERSIZED_BYTES, rule.chunked === true);
      return;
  }
}

export async function injectFault(fault: AppliedFault, exchange: FaultExchange): Promise<void> {
  const { req, res, entry } = exchange;
  const noteClose = (): void => {
    if (!res.writableFinished && !wasClosedByEmulator(req.socket)) entry.clientClosed = true;
  };
  if (connectionGone(res)) noteClose();
  else res.once('close', noteClose);
  await apply(fault.rule, exchange);
}
