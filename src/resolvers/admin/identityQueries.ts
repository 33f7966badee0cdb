import type { QueryResolvers } from '../../__generated__/resolvers-types';
import { badInput } from '../../errors';
import type { IdentityListFilter } from '../../ory/adminIdentities';
import { MAX_IDS_PER_CALL } from '../../ory/adminIdentities';
import { fetchConnection, pageRequest, selectsNodeField } from '../connection';
import { oryCredentialType } from '../enums';
import { requireUuid } from '../input';

/** `null` for an unknown id. With `includeCredentials`, Ory is asked directly; otherwise the batching loader. */
export const identity: QueryResolvers['identity'] = async (_parent, { id, includeCredentials }, ctx) => {
  const uuid = requireUuid(id, 'id');
  const admin = await ctx.admin();
  if (includeCredentials == null || includeCredentials.length === 0) return admin.identityById.load(uuid);
  return admin.ory.identities.get(uuid, includeCredentials.map(oryCredentialType));
};

/** Ory applies one filter at a time; several are refused before any call rather than silently dropped. */
function listFilter(
  filter:
    | { ids?: string[] | null; credentialsIdentifier?: string | null; organizationId?: string | null }
    | null
    | undefined,
): IdentityListFilter {
  const given = Object.entries(filter ?? {}).filter(([, value]) => value != null);
  if (given.length > 1)
    throw badInput('Give at most one filter: ids, credentialsIdentifier or organizationId.', 'filter');
  const ids = filter?.ids;
  if (ids != null && (ids.length === 0 || ids.length > MAX_IDS_PER_CALL)) {
    throw badInput(`filter.ids takes 1 to ${MAX_IDS_PER_CALL} ids.`, 'filter.ids');
  }
  return {
    ids: ids?.map((value) => requireUuid(value, 'filter.ids')),
    credentialsIdentifier: filter?.credentialsIdentifier ?? undefined,
    organizationId:
      filter?.organizationId == null
        ? undefined
        : requireUuid(filter.organizationId, 'filter.organizationId'),
  };
}

/** One Ory call per page, credentials included when the page's nodes select them. */
export const identities: QueryResolvers['identities'] = async (
  _parent,
  { first, after, filter },
  ctx,
  info,
) => {
  const request = pageRequest(first, after);
  const query = listFilter(filter);
  const credentials = selectsNodeField(info, 'credentials');
  const admin = await ctx.admin();
  return fetchConnection(request, (size, token) =>
    admin.ory.identities.list(query, size, token, credentials),
  );
};
