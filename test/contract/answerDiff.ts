/**
 * Compares two answers Ory gave to the same request (one from the emulator, one from real Kratos) by what a
 * client can rely on, not by values that differ on every run: the status, the headers that matter, the JSON
 * keys and value types, the UI nodes of flows, and message ids. Returns one readable line per difference.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { CapturedAnswer } from '../harness/recordingProxy';

type Shape = string | Shape[] | { [key: string]: Shape };

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** A request path with its ids replaced, so requests of both runs line up. */
export function pathTemplate(path: string): string {
  return path.replace(UUID, '{id}');
}

function shapeOf(value: unknown): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    // Elements of one array are merged into one shape: lists differ in length from run to run.
    const merged = value.reduce<Shape | undefined>((acc, item) => merge(acc, shapeOf(item)), undefined);
    return merged === undefined ? [] : [merged];
  }
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shapeOf(item)]));
  }
  return typeof value;
}

function isObjectShape(shape: Shape | undefined): shape is { [key: string]: Shape } {
  return typeof shape === 'object' && !Array.isArray(shape);
}

function merge(a: Shape | undefined, b: Shape): Shape {
  if (a === undefined) return b;
  if (isObjectShape(a) && isObjectShape(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return Object.fromEntries([...keys].map((key) => [key, mergeOptional(a[key], b[key])]));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const [first] = a;
    const [second] = b;
    if (first === undefined) return b;
    return second === undefined ? a : [merge(first, second)];
  }
  if (typeof a === 'string' && typeof b === 'string') {
    return a === b ? a : [...new Set([...a.split('|'), ...b.split('|')])].sort().join('|');
  }
  return a;
}

function mergeOptional(a: Shape | undefined, b: Shape | undefined): Shape {
  if (a === undefined && b !== undefined) return b;
  if (b === undefined && a !== undefined) return a;
  return merge(a, b ?? 'null');
}

/** Differences between two shapes, as `path: what` lines. */
function compareShapes(emulator: Shape, kratos: Shape, path: string, out: string[]): void {
  if (isObjectShape(emulator) && isObjectShape(kratos)) {
    for (const key of new Set([...Object.keys(kratos), ...Object.keys(emulator)])) {
      const e = emulator[key];
      const k = kratos[key];
      if (e === undefined) out.push(`${path}.${key}: only Kratos has it (${describe(k)})`);
      else if (k === undefined) out.push(`${path}.${key}: only the emulator has it (${describe(e)})`);
      else compareShapes(e, k, `${path}.${key}`, out);
    }
    return;
  }
  if (Array.isArray(emulator) && Array.isArray(kratos)) {
    const [e] = emulator;
    const [k] = kratos;
    // An empty list on one side says nothing about element shapes.
    if (e !== undefined && k !== undefined) compareShapes(e, k, `${path}[]`, out);
    return;
  }
  if (describe(emulator) !== describe(kratos)) {
    out.push(`${path}: emulator ${describe(emulator)}, Kratos ${describe(kratos)}`);
  }
}

function describe(shape: Shape | undefined): string {
  if (shape === undefined) return 'absent';
  if (typeof shape === 'string') return shape;
  return Array.isArray(shape) ? 'array' : 'object';
}

/** Message ids (`UiText` objects) in document order. */
function messageIds(value: unknown, out: number[] = []): number[] {
  if (Array.isArray(value)) {
    for (const item of value) messageIds(item, out);
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.id === 'number' && typeof record.type === 'string' && typeof record.text === 'string') {
      out.push(record.id);
    }
    for (const item of Object.values(record)) messageIds(item, out);
  }
  return out;
}

/** A flow's UI nodes as `group/type/name` (with the input type), in order. */
function uiNodes(value: unknown): string[] | null {
  if (typeof value !== 'object' || value === null) return null;
  const ui = (value as { ui?: { nodes?: unknown } }).ui;
  if (!Array.isArray(ui?.nodes)) return null;
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return ui.nodes.map((node: { group?: string; type?: string; attributes?: Record<string, unknown> }) => {
    const attributes = node.attributes ?? {};
    const name = text(attributes.name) || text(attributes.id);
    const type = attributes.type === undefined ? '' : `:${text(attributes.type)}`;
    return `${node.group ?? ''}/${node.type ?? ''}/${name}${type}`;
  });
}

function cookieNames(headers: IncomingHttpHeaders): string[] {
  const cookies = headers['set-cookie'] ?? [];
  return cookies
    .map((cookie) => {
      const [pair = '', ...attributes] = cookie.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('=')).replace(/^csrf_token_[0-9a-f]+$/, 'csrf_token_*');
      const kept = attributes
        .map((attribute) => attribute.split('=')[0]?.toLowerCase() ?? '')
        .filter((attribute) => attribute !== 'expires' && attribute !== 'max-age')
        .sort();
      return [name, ...kept].join(';');
    })
    .sort();
}

/** The header facts compared: values where they are stable, presence where they are not. */
function headerFacts(headers: IncomingHttpHeaders): Record<string, string> {
  const location = headers.location;
  return {
    'content-type': (headers['content-type'] ?? '').replace(/\s+/g, ''),
    'cache-control': headers['cache-control'] ?? '',
    location: location === undefined ? '' : pathTemplate(new URL(location, 'http://x.invalid').pathname),
    link: headers.link === undefined ? 'absent' : 'present',
    'x-total-count': headers['x-total-count'] === undefined ? 'absent' : 'present',
    'set-cookie': cookieNames(headers).join(', '),
  };
}

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return body.length === 0 ? '(empty)' : '(not JSON)';
  }
}

/** Every difference between the emulator's and Kratos's answer to one request; empty when they agree. */
export function answerDiff(emulator: CapturedAnswer, kratos: CapturedAnswer): string[] {
  const out: string[] = [];
  if (emulator.status !== kratos.status)
    out.push(`status: emulator ${emulator.status}, Kratos ${kratos.status}`);
  const eh = headerFacts(emulator.headers);
  const kh = headerFacts(kratos.headers);
  for (const name of Object.keys(kh)) {
    if (eh[name] !== kh[name]) out.push(`header ${name}: emulator "${eh[name]}", Kratos "${kh[name]}"`);
  }
  const eb = parse(emulator.body);
  const kb = parse(kratos.body);
  compareShapes(shapeOf(eb), shapeOf(kb), '$', out);
  const en = uiNodes(eb);
  const kn = uiNodes(kb);
  if (JSON.stringify(en) !== JSON.stringify(kn)) {
    out.push(`ui.nodes: emulator [${(en ?? []).join(', ')}], Kratos [${(kn ?? []).join(', ')}]`);
  }
  const em = messageIds(eb);
  const km = messageIds(kb);
  if (JSON.stringify(em) !== JSON.stringify(km)) {
    out.push(`message ids: emulator [${em.join(', ')}], Kratos [${km.join(', ')}]`);
  }
  return out;
}
