/**
 * `SessionRefreshRequired` and `Aal2Required` lead the client to the one login flow that resolves them: created
 * on selection, of the same client type as the refused submission, and returning where Ory said to.
 */
import type {
  Aal2RequiredResolvers,
  SessionRefreshRequiredResolvers,
} from '../../__generated__/resolvers-types';
import type { Context } from '../../context/context';
import type { LoginFlow, StepUpRequired } from '../../ory/models';

/** The `return_to` Ory put into its re-authentication URL, if any. */
function returnToOf(redirect: string | null): string | null {
  if (redirect === null || !URL.canParse(redirect)) return null;
  return new URL(redirect).searchParams.get('return_to');
}

function loginFlowFor(
  stepUp: StepUpRequired,
  ctx: Context,
  options: { refresh?: boolean; aal?: string },
): Promise<LoginFlow> {
  return ctx.ory.login.create(stepUp.mode, { ...options, returnTo: returnToOf(stepUp.redirectBrowserTo) });
}

export const SessionRefreshRequired: SessionRefreshRequiredResolvers = {
  loginFlow: (stepUp, _args, ctx) => loginFlowFor(stepUp, ctx, { refresh: true }),
};

export const Aal2Required: Aal2RequiredResolvers = {
  loginFlow: (stepUp, _args, ctx) => loginFlowFor(stepUp, ctx, { aal: 'aal2' }),
};
