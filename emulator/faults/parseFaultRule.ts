/**
 * Validation of fault rules. Rules arrive as untyped JSON over HTTP and may come from plain
 * JavaScript through the library API, so both paths go through here: unknown keys and bad values
 * are refused with a message naming the field (a typo such as `time: 1` must not silently become an
 * unlimited fault), and the result has its defaults filled in.
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { isJsonObject, parseJson, type JsonObject, type JsonValue } from '../json';
import {
  FAULT_KINDS,
  type FaultErrorInit,
  type FaultKind,
  type FaultListener,
  type FaultRule,
  type FaultTarget,
  type RequestFault,
} from './faultRule';

export class FaultRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultRuleError';
  }
}

const TARGET_KEYS = ['listener', 'method', 'path', 'times', 'afterCalls'] as const;
const KIND_KEYS: Readonly<Record<FaultKind, readonly string[]>> = {
  status: ['status', 'body', 'contentType', 'error', 'headers'],
  delay: ['ms'],
  hang: [],
  slowHeaders: ['ms'],
  dribble: ['chunkBytes', 'intervalMs', 'body'],
  truncated: ['body', 'bytes', 'abort'],
  reset: [],
  malformed: ['status', 'body'],
  wrongContentType: ['contentType', 'body'],
  oversized: ['bytes', 'chunked'],
  closed: [],
};
/** RFC 9110 `token`: what a method name may contain. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Longer than any test needs; keeps a typo from parking a request for days. */
const MAX_DELAY_MS = 10 * 60 * 1000;
/** Ten times the default oversized body; beyond that a typo would exhaust the test process' memory. */
const MAX_BODY_BYTES = 100 * 1024 * 1024;

function isFaultKind(value: JsonValue | undefined): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

function optionalString(input: JsonObject, key: string): string | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new FaultRuleError(`${key} must be a string`);
  return value;
}

function optionalInteger(input: JsonObject, key: string, min: number, max: number): number | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new FaultRuleError(`${key} must be an integer between ${min} and ${max}`);
  }
  return value;
}

function requiredInteger(input: JsonObject, key: string, min: number, max: number): number {
  const value = optionalInteger(input, key, min, max);
  if (value === undefined) throw new FaultRuleError(`${key} is required`);
  return value;
}

function optionalBoolean(input: JsonObject, key: string): boolean | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new FaultRuleError(`${key} must be a boolean`);
  return value;
}

function headerValueCheck(name: string, value: string): void {
  try {
    validateHeaderValue(name, value);
  } catch {
    throw new FaultRuleError(`header ${name} has an invalid value`);
  }
}

function optionalContentType(input: JsonObject): string | undefined {
  const value = optionalString(input, 'contentType');
  if (value !== undefined) headerValueCheck('Content-Type', value);
  return value;
}

function parseHeaders(input: JsonObject): Record<string, string | string[]> | undefined {
  const value = input.headers;
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) throw new FaultRuleError('headers must be an object');
  const headers: Record<string, string | string[]> = {};
  for (const [name, raw] of Object.entries(value)) {
    try {
      validateHeaderName(name);
    } catch {
      throw new FaultRuleError(`header name ${JSON.stringify(name)} is invalid`);
    }
    const values = Array.isArray(raw) ? raw : [raw];
    const strings: string[] = [];
    for (const item of values) {
      if (typeof item !== 'string')
        throw new FaultRuleError(`header ${name} must be a string or a list of strings`);
      headerValueCheck(name, item);
      strings.push(item);
    }
    headers[name] = Array.isArray(raw) ? strings : (strings[0] ?? '');
  }
  return headers;
}

function parseErrorInit(input: JsonObject): FaultErrorInit | undefined {
  const value = input.error;
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) throw new FaultRuleError('error must be an object');
  for (const key of Object.keys(value)) {
    if (!['id', 'reason', 'message', 'details'].includes(key)) {
      throw new FaultRuleError(`error.${key} is not supported (id, reason, message, details)`);
    }
  }
  const details = value.details;
  if (details !== undefined && !isJsonObject(details))
    throw new FaultRuleError('error.details must be an object');
  return {
    id: optionalString(value, 'id'),
    reason: optionalString(value, 'reason'),
    message: optionalString(value, 'message'),
    details,
  };
}

function parseListener(value: JsonValue | undefined): FaultListener | undefined {
  if (value === undefined) return undefined;
  if (value === 'public' || value === 'admin' || value === 'either') return value;
  throw new FaultRuleError('listener must be "public", "admin" or "either"');
}

function parseTarget(input: JsonObject): Required<Pick<FaultTarget, 'listener' | 'path'>> & FaultTarget {
  const method = optionalString(input, 'method');
  if (method !== undefined && !TOKEN.test(method))
    throw new FaultRuleError('method must be an HTTP method name');
  const path = optionalString(input, 'path') ?? '*';
  if (path !== '*' && !path.startsWith('/')) throw new FaultRuleError('path must start with "/" or be "*"');
  if (path.slice(0, -1).includes('*')) throw new FaultRuleError('path may contain "*" only at its end');
  return {
    listener: parseListener(input.listener) ?? 'either',
    method: method?.toUpperCase(),
    path,
    times: optionalInteger(input, 'times', 1, Number.MAX_SAFE_INTEGER),
    afterCalls: optionalInteger(input, 'afterCalls', 0, Number.MAX_SAFE_INTEGER),
  };
}

function parseRequestFault(kind: Exclude<FaultKind, 'closed'>, input: JsonObject): RequestFault {
  switch (kind) {
    case 'status':
      return {
        kind,
        status: requiredInteger(input, 'status', 200, 599),
        body: optionalString(input, 'body'),
        contentType: optionalContentType(input),
        error: parseErrorInit(input),
        headers: parseHeaders(input),
      };
    case 'delay':
    case 'slowHeaders':
      return { kind, ms: requiredInteger(input, 'ms', 0, MAX_DELAY_MS) };
    case 'hang':
    case 'reset':
      return { kind };
    case 'dribble':
      return {
        kind,
        chunkBytes: optionalInteger(input, 'chunkBytes', 1, MAX_BODY_BYTES),
        intervalMs: optionalInteger(input, 'intervalMs', 0, MAX_DELAY_MS),
        body: optionalString(input, 'body'),
      };
    case 'truncated': {
      const abort = input.abort;
      if (abort !== undefined && abort !== 'close' && abort !== 'reset') {
        throw new FaultRuleError('abort must be "close" or "reset"');
      }
      return {
        kind,
        body: optionalString(input, 'body'),
        bytes: optionalInteger(input, 'bytes', 0, MAX_BODY_BYTES),
        abort,
      };
    }
    case 'malformed':
      return {
        kind,
        status: optionalInteger(input, 'status', 200, 599),
        body: optionalString(input, 'body'),
      };
    case 'wrongContentType':
      return { kind, contentType: optionalContentType(input), body: optionalString(input, 'body') };
    case 'oversized':
      return {
        kind,
        bytes: optionalInteger(input, 'bytes', 2, MAX_BODY_BYTES),
        chunked: optionalBoolean(input, 'chunked'),
      };
  }
}

/** Validates a rule (from JSON or the library API) and returns it normalised. */
export function parseFaultRule(input: unknown): FaultRule {
  // A JSON round trip makes library input look exactly like what HTTP carries (no `undefined`
  // values, no functions, no shared references into the caller's object).
  if (typeof input !== 'object' || input === null) throw new FaultRuleError('a fault rule must be an object');
  let json: JsonValue;
  try {
    json = parseJson(JSON.stringify(input));
  } catch {
    throw new FaultRuleError('a fault rule must be JSON-serialisable');
  }
  if (!isJsonObject(json)) throw new FaultRuleError('a fault rule must be an object');
  const kind = json.kind;
  if (!isFaultKind(kind)) throw new FaultRuleError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  const allowed = kind === 'closed' ? ['kind', 'listener'] : ['kind', ...TARGET_KEYS, ...KIND_KEYS[kind]];
  for (const key of Object.keys(json)) {
    if (!allowed.includes(key)) throw new FaultRuleError(`${key} is not a field of a "${kind}" fault`);
  }
  if (kind === 'closed') {
    const listener = parseListener(json.listener);
    if (listener === undefined) throw new FaultRuleError('a "closed" fault needs listener');
    return { kind, listener };
  }
  const target = parseTarget(json);
  const fault = parseRequestFault(kind, json);
  return { ...target, ...fault };
}
