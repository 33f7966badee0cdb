/**
 * The JSON body of a GraphQL POST, read within MAX_BODY_BYTES (after decompression: gzip, deflate and br are
 * accepted, as body-parser accepted them) and parsed. Only `application/json` bodies are read; any other body is
 * left unread and Apollo answers it (its CSRF prevention refuses simple requests, `text/plain` included).
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import getRawBody from 'raw-body';

/** A body that could not be read: the HTTP status and the message the client gets. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

function isJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  if (type === undefined) return false;
  const end = type.indexOf(';');
  return (end < 0 ? type : type.slice(0, end)).trim().toLowerCase() === 'application/json';
}

function decoded(req: IncomingMessage): { stream: Readable; length: string | undefined } {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return { stream: req, length: req.headers['content-length'] };
  const decoder = DECODERS[encoding];
  if (decoder === undefined) throw new BodyError(415, `Unsupported content encoding "${encoding}".`);
  // The declared length is the compressed one: the limit applies to what comes out of the decoder.
  return { stream: req.pipe(decoder()) as unknown as Readable, length: undefined };
}

/** True when the error is raw-body's "too large" (declared or actual length over the limit). */
function tooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'type' in error && error.type === 'entity.too.large';
}

/** The parsed body, or `undefined` when the request carries no JSON body for us to read. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (!isJson(req)) return undefined;
  const { stream, length } = decoded(req);
  let text: string;
  try {
    text = await getRawBody(stream, { limit, length, encoding: 'utf8' });
  } catch (error) {
    if (tooLarge(error)) throw new BodyError(413, 'The request body is too large.');
    throw new BodyError(400, 'The request body could not be read as JSON.');
  }
  // An empty JSON body is no body (Apollo then says what a GraphQL POST needs).
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'The request body could not be read as JSON.');
  }
}
