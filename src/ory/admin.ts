/**
 * OryAdmin: Ory's admin API for one authorised request. Only src/context hands it out, after the admin gate has
 * let the caller through; resolvers cannot reach the admin key any other way.
 */
import { AdminCaller } from './adminCaller';
import { AdminIdentities } from './adminIdentities';
import { AdminRecovery } from './adminRecovery';
import { AdminSessions } from './adminSessions';
import type { OryClients } from './clients';
import { Courier } from './courier';
import type { CallScope } from './transport';

export interface OryAdmin {
  readonly identities: AdminIdentities;
  readonly sessions: AdminSessions;
  readonly courier: Courier;
  readonly recovery: AdminRecovery;
}

export function createOryAdmin(clients: OryClients, scope: CallScope): OryAdmin {
  const caller = new AdminCaller(clients, scope);
  return {
    identities: new AdminIdentities(caller),
    sessions: new AdminSessions(caller),
    courier: new Courier(caller),
    recovery: new AdminRecovery(caller),
  };
}
