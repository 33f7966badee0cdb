/** Ory's identity administration (`IdentityApi`): read, list, create, replace, patch, delete. */
import type { CreateIdentityBody, JsonPatch, UpdateIdentityBody } from '@ory/client';
import type { AdminCaller } from './adminCaller';
import type { Identity, OryPage } from './models';
import { toPage } from './pagination';

/** Ids per `listIdentities` call: Kratos refuses more than 500 ("must not exceed 500"). */
export const MAX_IDS_PER_CALL = 500;

/**
 * Kratos's lists carry credentials only when `include_credential` names a type, and it then declassifies that
 * type's `config` (OIDC provider tokens, TOTP secrets, backup codes...). `code_recovery` is a credential type
 * Kratos accepts but never stores on an identity ("not used within the credentials object itself",
 * identity/credentials.go): asking for it lists every credential with its identifiers and no `config` at all.
 */
const CREDENTIALS_WITHOUT_SECRETS = ['code_recovery'];

/** Lists with credentials say so for every identity: one without any gets `{}` rather than nothing. */
function withCredentials(identities: Identity[]): Identity[] {
  for (const identity of identities) identity.credentials ??= {};
  return identities;
}

export type CredentialTypeName =
  'password' | 'oidc' | 'totp' | 'lookup_secret' | 'webauthn' | 'code' | 'passkey' | 'profile' | 'saml';

export interface IdentityListFilter {
  ids?: string[];
  credentialsIdentifier?: string;
  organizationId?: string;
}

export type { CreateIdentityBody, JsonPatch, UpdateIdentityBody };

export class AdminIdentities {
  constructor(private readonly caller: AdminCaller) {}

  /** One identity with its credentials (identifiers only), or `null` when Ory does not know the id. */
  get(id: string, includeCredential: CredentialTypeName[] = []): Promise<Identity | null> {
    return this.caller.readOrNull('getIdentity', (o) =>
      this.api.getIdentity(
        {
          id,
          includeCredential: includeCredential.length > 0 ? includeCredential : undefined,
        },
        o,
      ),
    );
  }

  /**
   * Identities by id, in one call (at most MAX_IDS_PER_CALL ids); unknown ids are simply absent. With
   * `credentials`, each carries its credentials (identifiers only, never secrets).
   */
  async byIds(ids: readonly string[], credentials = false): Promise<Identity[]> {
    const identities = await this.caller.read(
      'listIdentities',
      (o) =>
        this.api.listIdentities(
          {
            ids: [...ids],
            pageSize: Math.max(1, ids.length),
            includeCredential: credentials ? CREDENTIALS_WITHOUT_SECRETS : undefined,
          },
          o,
        ),
      { shape: 'array', idempotent: true },
    );
    return credentials ? withCredentials(identities) : identities;
  }

  /** One page of identities; with `credentials`, each carries its credentials (identifiers only). */
  async list(
    filter: IdentityListFilter,
    pageSize: number,
    pageToken: string | null,
    credentials = false,
  ): Promise<OryPage<Identity>> {
    const response = await this.caller.fetch(
      'listIdentities',
      (o) =>
        this.api.listIdentities(
          {
            pageSize,
            pageToken: pageToken ?? undefined,
            ids: filter.ids,
            credentialsIdentifier: filter.credentialsIdentifier,
            organizationId: filter.organizationId,
            includeCredential: credentials ? CREDENTIALS_WITHOUT_SECRETS : undefined,
          },
          o,
        ),
      { shape: 'array', idempotent: true },
    );
    if (credentials) withCredentials(response.data);
    return toPage(response, pageToken, pageSize);
  }

  create(body: CreateIdentityBody): Promise<Identity> {
    return this.caller.read('createIdentity', (o) =>
      this.api.createIdentity({ createIdentityBody: body }, o),
    );
  }

  update(id: string, body: UpdateIdentityBody): Promise<Identity> {
    return this.caller.read('updateIdentity', (o) =>
      this.api.updateIdentity({ id, updateIdentityBody: body }, o),
    );
  }

  patch(id: string, operations: JsonPatch[]): Promise<Identity> {
    return this.caller.read('patchIdentity', (o) => this.api.patchIdentity({ id, jsonPatch: operations }, o));
  }

  async delete(id: string): Promise<void> {
    await this.caller.fetch('deleteIdentity', (o) => this.api.deleteIdentity({ id }, o), { shape: 'none' });
  }

  async deleteCredentials(id: string, type: CredentialTypeName, identifier?: string | null): Promise<void> {
    await this.caller.fetch(
      'deleteIdentityCredentials',
      (o) => this.api.deleteIdentityCredentials({ id, type, identifier: identifier ?? undefined }, o),
      { shape: 'none' },
    );
  }

  private get api() {
    return this.caller.clients.admin;
  }
}
