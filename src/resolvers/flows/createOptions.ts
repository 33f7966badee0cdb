/** Checks on the options of new flows that Ory would not explain well. */
import { badInput } from '../../errors';
import type { CallMode } from '../../ory/caller';

/** Session token exchange codes exist for native apps only: a browser gets Ory's cookie instead. */
export function exchangeCodeOption(mode: CallMode, value: boolean | null | undefined): boolean | undefined {
  if (value !== true) return undefined;
  if (mode === 'browser') {
    throw badInput(
      'returnSessionTokenExchangeCode is for native flows (client: NATIVE).',
      'returnSessionTokenExchangeCode',
    );
  }
  return true;
}
