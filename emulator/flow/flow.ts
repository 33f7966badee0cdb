/** The self-service flow records (`selfservice/flow/<kind>/flow.go`) shared by all flow kinds. */
import type { JsonObject } from '../json';
import type { Aal } from '../session/session';
import type { UiContainer } from '../ui/nodes';

export type FlowType = 'api' | 'browser';

export interface FlowBase {
  readonly id: string;
  readonly type: FlowType;
  expiresAt: Date;
  issuedAt: Date;
  requestUrl: string;
  returnTo?: string;
  active?: string;
  ui: UiContainer;
  state: string;
  transientPayload?: JsonObject;
  identitySchema?: string;
  organizationId: string | null;
  /** Browser flows (later slices) compare this with the CSRF cookie on `GET flows`. */
  csrfToken: string;
  sessionTokenExchangeCode?: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface LoginFlow extends FlowBase {
  readonly kind: 'login';
  refresh: boolean;
  requestedAal: Aal;
}

export interface RegistrationFlow extends FlowBase {
  readonly kind: 'registration';
}

export type AnyFlow = LoginFlow | RegistrationFlow;

export function isExpired(flow: FlowBase, now: Date): boolean {
  return flow.expiresAt.getTime() < now.getTime();
}
