/**
 * The in-memory persistence: identities (with unique-constraint indexes like Kratos' tables),
 * sessions, self-service flows and error containers. Unique violations surface as `conflict`
 * results so callers can map them the way each Kratos handler does.
 */
import {
  isFlowOfKind,
  type AnyFlow,
  type FlowKind,
  type FlowOf,
  type LoginFlow,
  type RegistrationFlow,
} from '../flow/flow';
import type { Identity, RecoveryAddress, VerifiableAddress } from '../identity/identity';
import type { JsonObject } from '../json';
import { normalizeIdentifier } from '../identity/identity';
import type { Session } from '../session/session';

export interface ErrorContainer {
  readonly id: string;
  readonly error: Record<string, unknown>;
  readonly createdAt: Date;
}

/** A pending social sign-in (`state` query value → what the callback needs). */
export interface OidcAuthState {
  readonly state: string;
  readonly flowId: string;
  readonly flowKind: 'login' | 'registration' | 'settings';
  readonly provider: string;
  /** The `ory_kratos_continuity` cookie value the browser must bring back. */
  readonly continuity: string;
  /** Traits the registration form already had (merged over the provider's). */
  readonly traits?: JsonObject;
  readonly transientPayload?: JsonObject;
  readonly expiresAt: Date;
}

/** What the built-in provider issued for an authorization code. */
export interface OidcAuthCode {
  readonly provider: string;
  readonly subject: string;
  readonly email?: string;
  readonly emailVerified: boolean;
  readonly name?: string;
  readonly nonce?: string;
}

/** `return_session_token_exchange_code`: the codes a native app trades for the session token. */
export interface TokenExchange {
  readonly initCode: string;
  readonly returnToCode: string;
  flowId: string;
  sessionId?: string;
}

export type InsertResult = { readonly ok: true } | { readonly ok: false; readonly conflict: true };

function uniqueKeys(identity: Identity): string[] {
  const keys: string[] = [];
  for (const credential of Object.values(identity.credentials)) {
    for (const identifier of credential.identifiers) {
      const value = credential.type === 'password' ? normalizeIdentifier(identifier) : identifier;
      keys.push(`credential:${credential.type}:${value}`);
    }
  }
  for (const address of identity.verifiableAddresses) keys.push(`verifiable:${address.via}:${address.value}`);
  for (const address of identity.recoveryAddresses) keys.push(`recovery:${address.via}:${address.value}`);
  if (identity.externalId !== undefined) keys.push(`external:${identity.externalId}`);
  return keys;
}

export class Store {
  private readonly identities = new Map<string, Identity>();
  private readonly unique = new Map<string, string>();
  private readonly sessionsByToken = new Map<string, Session>();
  private readonly flows = new Map<string, AnyFlow>();
  private readonly errors = new Map<string, ErrorContainer>();
  /** Social sign-in states by `state`, authorization codes by code, exchanges by init code. */
  readonly oidcStates = new Map<string, OidcAuthState>();
  readonly oidcCodes = new Map<string, OidcAuthCode>();
  readonly tokenExchanges = new Map<string, TokenExchange>();

  // Identities ------------------------------------------------------------------------------

  /** Inserts atomically: any clash on an identifier, address or external id rejects the insert. */
  insertIdentity(identity: Identity): InsertResult {
    const keys = uniqueKeys(identity);
    if (keys.some((key) => this.unique.has(key)) || new Set(keys).size !== keys.length) {
      return { ok: false, conflict: true };
    }
    this.identities.set(identity.id, identity);
    for (const key of keys) this.unique.set(key, identity.id);
    return { ok: true };
  }

  getIdentity(id: string): Identity | undefined {
    return this.identities.get(id.toLowerCase());
  }

  /** Deletes the identity and, like the foreign keys in Kratos, its sessions. */
  deleteIdentity(id: string): boolean {
    const identity = this.getIdentity(id);
    if (!identity) return false;
    this.identities.delete(identity.id);
    for (const key of uniqueKeys(identity)) this.unique.delete(key);
    for (const [token, session] of this.sessionsByToken) {
      if (session.identityId === identity.id) this.sessionsByToken.delete(token);
    }
    return true;
  }

  /**
   * Stores a changed identity (a copy of the stored one), re-indexing its identifiers and
   * addresses; a clash with another identity leaves the store unchanged.
   */
  updateIdentity(identity: Identity): InsertResult {
    const keys = uniqueKeys(identity);
    const clash = keys.some((key) => {
      const owner = this.unique.get(key);
      return owner !== undefined && owner !== identity.id;
    });
    if (clash || new Set(keys).size !== keys.length) return { ok: false, conflict: true };
    for (const [key, owner] of this.unique) if (owner === identity.id) this.unique.delete(key);
    this.identities.set(identity.id, identity);
    for (const key of keys) this.unique.set(key, identity.id);
    return { ok: true };
  }

  /** `ConflictingIdentity`: the first identifier or address of `identity` that another identity owns. */
  conflictingValue(identity: Identity): string | undefined {
    for (const key of uniqueKeys(identity)) {
      if (key.startsWith('external:')) continue;
      const owner = this.unique.get(key);
      // Keys read `<kind>:<type or via>:<value>`; the value may hold colons (`provider:subject`).
      if (owner !== undefined && owner !== identity.id) return key.split(':').slice(2).join(':');
    }
    return undefined;
  }

  findByCredentialsIdentifier(type: string, identifier: string): Identity | undefined {
    const value = type === 'password' ? normalizeIdentifier(identifier) : identifier;
    const id = this.unique.get(`credential:${type}:${value}`);
    return id === undefined ? undefined : this.identities.get(id);
  }

  /**
   * `FindIdentityByCredentialIdentifier(..., caseSensitive=false)`: the identity owning this
   * identifier in any credential type.
   */
  findByAnyCredentialIdentifier(identifier: string): Identity | undefined {
    const wanted = identifier.trim().toLowerCase();
    for (const identity of this.identities.values()) {
      for (const credential of Object.values(identity.credentials)) {
        if (credential.identifiers.some((value) => value.toLowerCase() === wanted)) return identity;
      }
    }
    return undefined;
  }

  /** `external_id` is unique like an identifier, so its index doubles as the lookup. */
  findByExternalId(externalId: string): Identity | undefined {
    const id = this.unique.get(`external:${externalId}`);
    return id === undefined ? undefined : this.identities.get(id);
  }

  /** All identities ordered by id, like Kratos' keyset pagination. */
  listIdentities(): Identity[] {
    return [...this.identities.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * `FindRecoveryAddressByValue(via=email)`: the email recovery address with this (normalized)
   * value, with its identity; the first identity by id wins.
   */
  findRecoveryAddress(value: string): { identity: Identity; address: RecoveryAddress } | undefined {
    for (const identity of this.listIdentities()) {
      const address = identity.recoveryAddresses.find((a) => a.via === 'email' && a.value === value);
      if (address) return { identity, address };
    }
    return undefined;
  }

  /** `FindVerifiableAddressByValue(via=email)`, like {@link findRecoveryAddress}. */
  findVerifiableAddress(value: string): { identity: Identity; address: VerifiableAddress } | undefined {
    for (const identity of this.listIdentities()) {
      const address = identity.verifiableAddresses.find((a) => a.via === 'email' && a.value === value);
      if (address) return { identity, address };
    }
    return undefined;
  }

  // Sessions --------------------------------------------------------------------------------

  insertSession(session: Session): void {
    this.sessionsByToken.set(session.token, session);
  }

  findSessionByToken(token: string): Session | undefined {
    return this.sessionsByToken.get(token);
  }

  /** Every stored session, in insertion order (revoked and expired ones included). */
  allSessions(): Session[] {
    return [...this.sessionsByToken.values()];
  }

  /** Hard-deletes an identity's sessions (`DELETE /admin/identities/{id}/sessions`); returns the count. */
  deleteSessionsOfIdentity(identityId: string): number {
    let count = 0;
    for (const [token, session] of this.sessionsByToken) {
      if (session.identityId !== identityId) continue;
      this.sessionsByToken.delete(token);
      count++;
    }
    return count;
  }

  findSessionByCookieValue(value: string): Session | undefined {
    for (const session of this.sessionsByToken.values()) if (session.cookieValue === value) return session;
    return undefined;
  }

  // Flows -----------------------------------------------------------------------------------

  saveFlow(flow: AnyFlow): void {
    this.flows.set(flow.id, flow);
  }

  /** A flow of one kind (Kratos keeps one table per kind, so other kinds are "not found"). */
  getFlow<K extends FlowKind>(kind: K, id: string): FlowOf<K> | undefined {
    const flow = this.flows.get(id.toLowerCase());
    return flow !== undefined && isFlowOfKind(flow, kind) ? flow : undefined;
  }

  getLoginFlow(id: string): LoginFlow | undefined {
    return this.getFlow('login', id);
  }

  getRegistrationFlow(id: string): RegistrationFlow | undefined {
    return this.getFlow('registration', id);
  }

  // Error containers (`/self-service/errors`) -----------------------------------------------

  saveError(container: ErrorContainer): void {
    this.errors.set(container.id, container);
  }

  getError(id: string): ErrorContainer | undefined {
    return this.errors.get(id);
  }
}
