/**
 * Lets the normal handler answer a request into a buffer instead of onto the wire, so a fault can
 * deliver the emulator's real answer late, slowly, cut off or mislabelled. Headers the handler sets
 * stay on the response object; only `writeHead`, `write` and `end` are intercepted (every handler
 * writes through `http/respond.ts`, which uses just those three).
 */
import type { ServerResponse } from 'node:http';

export interface CapturedResponse {
  readonly status: number;
  readonly body: Buffer;
}

export interface ResponseCapture {
  /** Restores the real methods; returns what the handler wrote, `undefined` if it never ended. */
  release(): CapturedResponse | undefined;
}

const INTERCEPTED = ['writeHead', 'write', 'end'] as const;

function toBuffer(chunk: unknown): Buffer | undefined {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  return undefined;
}

export function captureResponse(res: ServerResponse): ResponseCapture {
  let status = 200;
  let ended = false;
  const chunks: Buffer[] = [];
  // Own properties shadow the prototype's methods; deleting them in `release` restores those.
  // `defineProperty` is used because the overloaded method types cannot be assigned directly.
  const define = (name: (typeof INTERCEPTED)[number], value: (...args: unknown[]) => unknown): void => {
    Object.defineProperty(res, name, { value, configurable: true, writable: true });
  };
  define('writeHead', (code) => {
    if (typeof code === 'number') status = code;
    return res;
  });
  define('write', (chunk) => {
    const bytes = toBuffer(chunk);
    if (bytes) chunks.push(bytes);
    return true;
  });
  define('end', (chunk) => {
    const bytes = toBuffer(chunk);
    if (bytes) chunks.push(bytes);
    ended = true;
    return res;
  });
  return {
    release: () => {
      for (const name of INTERCEPTED) Reflect.deleteProperty(res, name);
      return ended ? { status, body: Buffer.concat(chunks) } : undefined;
    },
  };
}
