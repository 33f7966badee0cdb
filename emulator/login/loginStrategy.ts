/**
 * The login strategy contract (`selfservice/flow/login/strategy.go`, `AAL1FormHydrator`,
 * `AAL2FormHydrator`): each method fills the login form for the flow's AAL and style, and on
 * submit either returns the identity it authenticated, says it is not responsible
 * ({@link StrategyNotResponsible}), answered the request itself ({@link CompletedByStrategy}), or
 * throws what the flow error handler shows.
 */
import type { LoginFlow } from '../flow/flow';
import { StrategyNotResponsible } from '../flow/strategyOutcome';
import type { RequestContext } from '../http/requestContext';
import type { Identity } from '../identity/identity';
import type { EmulatorConfig } from '../options';
import type { Aal, AuthenticationMethod } from '../session/session';
import type { ActiveSession } from '../session/sessionLookup';
import type { NodeGroup } from '../ui/nodes';

/** `idfirst.ErrNoCredentialsFound`: this method cannot sign the hinted identity in. */
export class NoCredentialsFound extends Error {
  constructor() {
    super('no credentials found');
    this.name = 'NoCredentialsFound';
  }
}

/** The forms of a first-factor method. */
export interface Aal1Hydrator {
  firstFactor(ctx: RequestContext, flow: LoginFlow): void;
  firstFactorRefresh(ctx: RequestContext, flow: LoginFlow, active: ActiveSession): void;
  /** Identifier-first style, first screen. */
  identifierFirstIdentification(ctx: RequestContext, flow: LoginFlow): void;
  /** Identifier-first style, second screen; throws {@link NoCredentialsFound} to stay out of it. */
  identifierFirstCredentials(ctx: RequestContext, flow: LoginFlow, hint: Identity | undefined): void;
}

/** The forms of a second-factor method (`aal=aal2`). */
export interface Aal2Hydrator {
  secondFactor(ctx: RequestContext, flow: LoginFlow, active: ActiveSession): void;
  secondFactorRefresh(ctx: RequestContext, flow: LoginFlow, active: ActiveSession): void;
}

export interface LoginStrategy {
  /** The credentials type, which is also the `method` value. */
  readonly id: string;
  readonly group: NodeGroup;
  /** `selfservice.methods.<id>.enabled` (hydrators run only for enabled methods). */
  enabled(config: EmulatorConfig): boolean;
  readonly aal1?: Aal1Hydrator;
  readonly aal2?: Aal2Hydrator;
  /** `Strategy.Login`: the identity it signed in, or one of the outcomes described above. */
  login(ctx: RequestContext, flow: LoginFlow, active: ActiveSession | undefined): Promise<Identity>;
  /**
   * `FastLoginStrategy.FastLogin1FA` on the identifier-first credentials screen: returns when it
   * does not apply, throws `CompletedByStrategy` when it answered.
   */
  fastLogin1fa?(ctx: RequestContext, flow: LoginFlow, hint: Identity | undefined, identifier: string): void;
  /** `CompletedAuthenticationMethod`: what goes into the session's `authentication_methods`. */
  completedMethod(ctx: RequestContext, now: Date): AuthenticationMethod;
}

/** `login.CheckAAL`: a strategy only answers flows of its own level. */
export function checkAal(flow: LoginFlow, expected: Aal): void {
  if (flow.requestedAal !== expected) throw new StrategyNotResponsible();
}
