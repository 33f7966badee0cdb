/**
 * The sentinel errors Kratos' strategies use to steer the flow handlers (`selfservice/flow/errors.go`):
 * "not mine, ask the next strategy", "I already answered the request", and (settings) "show the form
 * again without saving".
 */
import { notFound, type HerodotError } from '../http/herodotError';

/** `flow.ErrStrategyNotResponsible`. */
export class StrategyNotResponsible extends Error {
  constructor() {
    super('strategy is not responsible for this request');
    this.name = 'StrategyNotResponsible';
  }
}

/** `flow.ErrCompletedByStrategy`: the strategy wrote the answer itself (a code was sent, a redirect...). */
export class CompletedByStrategy extends Error {
  constructor() {
    super('flow completed by strategy');
    this.name = 'CompletedByStrategy';
  }
}

/** `flow.ErrStrategyAsksToReturnToUI`: settings strategies that changed the form but saved nothing. */
export class StrategyAsksToReturnToUi extends Error {
  constructor() {
    super('strategy asks to return to the UI');
    this.name = 'StrategyAsksToReturnToUi';
  }
}

/** `strategy.EndpointDisabledMessage`. */
export const STRATEGY_DISABLED_MESSAGE =
  'This endpoint was disabled by system administrator. Please check your url or contact the system administrator to enable it.';

export const strategyDisabled = (): HerodotError => notFound(STRATEGY_DISABLED_MESSAGE);

/**
 * `flow.MethodEnabledAndAllowed`: another method means "not responsible"; this method while
 * disabled is a 404.
 */
export function methodEnabledAndAllowed(expected: string, actual: string, enabled: boolean): void {
  if (actual !== expected) throw new StrategyNotResponsible();
  if (!enabled) throw strategyDisabled();
}
