/**
 * Relay connections over Ory's token pagination. Ory hands out a `page_token` per page; a cursor here is that
 * token plus the page size and how many items of the page to skip, so every edge has an exact cursor and a
 * client may resume after any of them. Cursors are opaque to clients (base64url JSON) and never forged into
 * Ory tokens.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { badInput } from '../errors';
import type { OryPage } from '../ory/models';
import { isRecord } from '../ory/oryError';

interface CursorData {
  /** Ory's `page_token` of the page to fetch (`null`: the first page). */
  t: string | null;
  /** The page size that token belongs to. */
  s: number;
  /** How many items of that page were already seen. */
  k: number;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number | null;
}

/** What to ask Ory for: a page token and size, and how many of its items to skip and return. */
export interface PageRequest {
  pageToken: string | null;
  pageSize: number;
  skip: number;
  first: number;
  resumed: boolean;
}

export const MAX_PAGE_SIZE = 100;

function encode(cursor: CursorData): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decode(value: string): CursorData | null {
  if (value.length > 2048) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!isRecord(parsed)) return null;
    const { t, s, k } = parsed;
    const validToken = t === null || (typeof t === 'string' && t.length > 0 && t.length < 1024);
    const validSize = typeof s === 'number' && Number.isInteger(s) && s >= 1 && s <= MAX_PAGE_SIZE;
    const validSkip =
      typeof k === 'number' && Number.isInteger(k) && k >= 0 && typeof s === 'number' && k <= s;
    return validToken && validSize && validSkip ? { t, s, k } : null;
  } catch {
    return null;
  }
}

/** Validates `first` / `after` before any Ory call. */
export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}.`, 'first');
  }
  if (after == null) return { pageToken: null, pageSize: size, skip: 0, first: size, resumed: false };
  const cursor = decode(after);
  if (cursor === null) throw badInput('after is not a cursor of this connection.', 'after');
  return { pageToken: cursor.t, pageSize: cursor.s, skip: cursor.k, first: size, resumed: true };
}

/** Fetches the requested page and builds the connection: the items after the request's skip, up to `first`. */
export async function fetchConnection<T>(
  request: PageRequest,
  fetch: (pageSize: number, pageToken: string | null) => Promise<OryPage<T>>,
): Promise<Connection<T>> {
  const page = await fetch(request.pageSize, request.pageToken);
  const items = page.items;
  const start = Math.min(request.skip, items.length);
  const end = Math.min(items.length, start + request.first);
  const cursorAfter = (index: number): string =>
    index + 1 >= items.length && page.nextPageToken !== null
      ? encode({ t: page.nextPageToken, s: page.pageSize, k: 0 })
      : encode({ t: page.pageToken, s: page.pageSize, k: index + 1 });
  const edges = items
    .slice(start, end)
    .map((node, offset) => ({ node, cursor: cursorAfter(start + offset) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: end < items.length || page.nextPageToken !== null,
      hasPreviousPage: request.resumed,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: page.totalCount,
  };
}

/** The fields selected directly in `selectionSet`, through inline fragments and fragment spreads. */
function fieldsOf(
  selectionSet: SelectionSetNode | undefined,
  info: GraphQLResolveInfo,
  seen = new Set<string>(),
): FieldNode[] {
  if (selectionSet === undefined) return [];
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet, info, seen);
    const name = selection.name.value;
    if (seen.has(name)) return [];
    seen.add(name);
    return fieldsOf(info.fragments[name]?.selectionSet, info, seen);
  });
}

/**
 * Whether the connection being resolved selects `field` on its nodes (`nodes { field }` or
 * `edges { node { field } }`): lets a list ask Ory for what its items will need in the same call.
 */
export function selectsNodeField(info: GraphQLResolveInfo, field: string): boolean {
  const connectionFields = info.fieldNodes.flatMap((node) => fieldsOf(node.selectionSet, info));
  const nodes = connectionFields.flatMap((node) => {
    if (node.name.value === 'nodes') return [node];
    if (node.name.value !== 'edges') return [];
    return fieldsOf(node.selectionSet, info).filter((edge) => edge.name.value === 'node');
  });
  return nodes.some((node) => fieldsOf(node.selectionSet, info).some((item) => item.name.value === field));
}
