/**
 * Sessions as the admin endpoints serialize them. What is loaded differs per endpoint, and Kratos
 * serializes whatever was loaded: `identity` is `null` unless expanded, `devices` is `[]` (single
 * session) or `null` (list) unless expanded, list endpoints load the identity without its
 * addresses, and `active` only takes the identity's state into account when it was loaded.
 */
import type { Identity } from '../identity/identity';
import { identityJson } from '../identity/identityJson';
import { sessionJson, type Session } from '../session/session';

export type IdentityView =
  /** Not expanded: `"identity": null`. */
  | 'none'
  /** `GetSession`/`ExtendSession`: addresses loaded, `schema_url` set. */
  | 'full'
  /** `ListSessions`: eager-loaded without addresses; `schema_url` injected afterwards. */
  | 'without-addresses'
  /** `ListSessionsByIdentity`: eager-loaded without addresses and without `schema_url`. */
  | 'bare';

export type DevicesView = 'loaded' | 'empty' | 'null';

export interface AdminSessionView {
  readonly identity: IdentityView;
  readonly devices: DevicesView;
}

function identityView(
  identity: Identity,
  view: IdentityView,
  publicBaseUrl: string,
): Record<string, unknown> | null {
  if (view === 'none') return null;
  const json = identityJson(identity, { publicBaseUrl });
  if (view === 'full') return json;
  const withoutAddresses = { ...json, verifiable_addresses: undefined, recovery_addresses: undefined };
  return view === 'bare' ? { ...withoutAddresses, schema_url: '' } : withoutAddresses;
}

export function adminSessionJson(
  session: Session,
  identity: Identity | undefined,
  view: AdminSessionView,
  options: { readonly publicBaseUrl: string; readonly now: Date },
): Record<string, unknown> {
  const base = sessionJson(session, identity, options);
  const loaded = view.identity === 'none' ? undefined : identity;
  const active =
    session.active &&
    session.expiresAt.getTime() > options.now.getTime() &&
    (loaded === undefined || loaded.state === 'active');
  const devices = view.devices === 'loaded' ? base.devices : view.devices === 'empty' ? [] : null;
  return {
    ...base,
    active,
    identity: loaded ? identityView(loaded, view.identity, options.publicBaseUrl) : null,
    devices,
  };
}
