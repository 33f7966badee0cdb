/**
 * `GET /admin/identities` (`parseListIdentitiesParameters` + `ListIdentities`): at most one filter,
 * keyset pagination by id (legacy page pagination when `page` is given), `Link` headers built from
 * the request URL.
 */
import { badRequest } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendJson } from '../http/respond';
import { isUuid } from '../crypto/tokens';
import { CREDENTIAL_TYPES, normalizeIdentifier, type Identity } from '../identity/identity';
import { identityJson } from '../identity/identityJson';
import { keysetLinkHeader, pageLinkHeader } from './pagination';

const MAX_IDS = 500;
const KEYSET_DEFAULT_SIZE = 250;
const KEYSET_MAX_SIZE = 500;
const LEGACY_MAX_ITEMS = 500;
const LEGACY_LIMIT = 1000;
const FIRST_PAGE_TOKEN = '00000000-0000-0000-0000-000000000000';

interface Filters {
  ids?: Set<string>;
  organizationId?: string;
  credentialsIdentifier?: string;
  similar?: string;
  declassify: string[];
  expandCredentials: boolean;
}

function parseFilters(query: URLSearchParams): Filters {
  let requested = 0;
  const filters: Filters = { declassify: [], expandCredentials: false };
  const ids = query.getAll('ids');
  if (ids.length > 0) {
    requested++;
    for (const id of ids) {
      if (!isUuid(id)) throw badRequest(`Invalid UUID value \`${id}\` for parameter \`ids\`.`);
    }
    filters.ids = new Set(ids.map((id) => id.toLowerCase()));
  }
  if ((filters.ids?.size ?? 0) > MAX_IDS || ids.length > MAX_IDS) {
    throw badRequest('The number of ids to filter must not exceed 500.');
  }
  const organization = query.get('organization_id') ?? '';
  if (organization !== '') {
    requested++;
    if (!isUuid(organization))
      throw badRequest(`Invalid UUID value \`${organization}\` for parameter \`organization_id\`.`);
    filters.organizationId = organization.toLowerCase();
  }
  const identifier = query.get('credentials_identifier') ?? '';
  if (identifier !== '') {
    requested++;
    filters.credentialsIdentifier = identifier;
    filters.expandCredentials = true;
  }
  const similar = query.get('preview_credentials_identifier_similar') ?? '';
  if (similar !== '') {
    requested++;
    filters.similar = similar;
    filters.expandCredentials = true;
  }
  for (const value of query.getAll('include_credential')) {
    filters.expandCredentials = true;
    if (!CREDENTIAL_TYPES.includes(value))
      throw badRequest(`Invalid value \`${value}\` for parameter \`include_credential\`.`);
    filters.declassify.push(value);
  }
  if (requested > 1) throw badRequest('You cannot combine multiple filters in this API');
  return filters;
}

function matches(identity: Identity, filters: Filters): boolean {
  if (filters.ids && !filters.ids.has(identity.id)) return false;
  if (filters.organizationId !== undefined && identity.organizationId !== filters.organizationId)
    return false;
  const credentials = Object.values(identity.credentials);
  if (filters.credentialsIdentifier !== undefined) {
    const wanted = filters.credentialsIdentifier;
    const found = credentials.some((c) =>
      c.identifiers.some((id) =>
        c.type === 'password' ? normalizeIdentifier(id) === normalizeIdentifier(wanted) : id === wanted,
      ),
    );
    if (!found) return false;
  }
  if (filters.similar !== undefined) {
    const prefix = normalizeIdentifier(filters.similar);
    if (!credentials.some((c) => c.identifiers.some((id) => id.toLowerCase().startsWith(prefix))))
      return false;
  }
  return true;
}

/** Go's `strconv.Atoi` error text. */
function atoi(value: string): number {
  if (!/^[+-]?\d+$/.test(value))
    throw badRequest(`strconv.Atoi: parsing ${JSON.stringify(value)}: invalid syntax`);
  return Number.parseInt(value, 10);
}

function integerOr(value: string | null, fallback: number): number {
  return value !== null && /^[+-]?\d+$/.test(value) ? Number.parseInt(value, 10) : fallback;
}

export function listIdentities(ctx: RequestContext): void {
  const { query } = ctx;
  const filters = parseFilters(query);
  const matching = ctx.deps.store.listIdentities().filter((identity) => matches(identity, filters));
  const headers: Record<string, string> = {};
  let page: Identity[];

  if (!query.has('page_token') && !query.has('page_size') && query.has('page')) {
    // Legacy page pagination; pop's 1-based `Paginate` makes pages 0 and 1 the same.
    const pageNumber = Math.max(integerOr(query.get('page'), 0), 0);
    const perPage = Math.min(
      Math.max(integerOr(query.get('per_page'), KEYSET_DEFAULT_SIZE), 1),
      LEGACY_MAX_ITEMS,
    );
    if (pageNumber * perPage > LEGACY_LIMIT) {
      throw badRequest(
        `Legacy pagination is not supported for enumerating over ${LEGACY_LIMIT} items. Please switch to using page_token and page_size.`,
      );
    }
    const offset = (Math.max(pageNumber, 1) - 1) * perPage;
    page = matching.slice(offset, offset + perPage);
    const total =
      filters.credentialsIdentifier === undefined ? ctx.deps.store.listIdentities().length : page.length;
    headers['X-Total-Count'] = String(total);
    headers.Link = pageLinkHeader({ origin: '', path: ctx.path, query }, total, pageNumber, perPage, 'page');
  } else {
    const sizeParam = query.get('page_size') ?? (query.has('page_token') ? null : query.get('per_page'));
    let size = sizeParam === null || sizeParam === '' ? KEYSET_DEFAULT_SIZE : atoi(sizeParam);
    // keysetpagination `Size()`: below 1 means the default, above the maximum is capped.
    if (size < 1) size = KEYSET_DEFAULT_SIZE;
    size = Math.min(size, KEYSET_MAX_SIZE);
    const token = query.get('page_token') ?? '';
    if (token !== '' && !isUuid(token))
      throw badRequest('The page token is invalid, do not craft your own page tokens');
    const after = token.toLowerCase();
    const rest = after === '' ? matching : matching.filter((identity) => identity.id > after);
    page = rest.slice(0, size);
    const last = page[page.length - 1];
    const next = rest.length > size && last ? last.id : undefined;
    // Kratos rewrites `per_page` into `page_size` in the request URL the links are built from.
    const linkQuery = new URLSearchParams(query);
    if (!query.has('page_size') && !query.has('page_token')) linkQuery.delete('per_page');
    headers.Link = keysetLinkHeader(
      { origin: '', path: ctx.path, query: linkQuery },
      FIRST_PAGE_TOKEN,
      size,
      next,
    );
  }

  const { config } = ctx.deps;
  sendJson(
    ctx,
    200,
    page.map((identity) =>
      identityJson(identity, {
        publicBaseUrl: config.publicBaseUrl,
        adminMetadata: 'always',
        credentials: filters.expandCredentials ? { declassify: filters.declassify } : undefined,
      }),
    ),
    headers,
  );
}
