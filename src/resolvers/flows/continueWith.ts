/**
 * Ory's `continue_with` items become members of the `ContinueWith` union, tagged by their `action`. Items this
 * schema does not model (e.g. device PIN entry) are left out rather than failing the result.
 */
import type {
  ContinueWithFlowResolvers,
  ContinueWithRedirectBrowserToResolvers,
  ContinueWithSetOrySessionTokenResolvers,
  ResolversTypes,
  ResolversUnionTypes,
} from '../../__generated__/resolvers-types';
import type { ContinueWith as OryContinueWith } from '../../ory/models';

type ContinueWithMember = ResolversUnionTypes<ResolversTypes>['ContinueWith'];

function tag(item: OryContinueWith): ContinueWithMember | null {
  switch (item.action) {
    case 'set_ory_session_token':
      return { ...item, __typename: 'ContinueWithSetOrySessionToken' };
    case 'show_verification_ui':
      return { ...item, __typename: 'ContinueWithVerificationUi' };
    case 'show_settings_ui':
      return { ...item, __typename: 'ContinueWithSettingsUi' };
    case 'show_recovery_ui':
      return { ...item, __typename: 'ContinueWithRecoveryUi' };
    case 'redirect_browser_to':
      return { ...item, __typename: 'ContinueWithRedirectBrowserTo' };
    default:
      return null;
  }
}

export function continueWithMembers(items: OryContinueWith[]): ContinueWithMember[] {
  return items.map(tag).filter((member) => member !== null);
}

export const ContinueWithSetOrySessionToken: ContinueWithSetOrySessionTokenResolvers = {
  orySessionToken: (item) => item.ory_session_token,
};

export const ContinueWithFlow: ContinueWithFlowResolvers = {
  verifiableAddress: (flow) => ('verifiable_address' in flow ? flow.verifiable_address : null),
};

export const ContinueWithRedirectBrowserTo: ContinueWithRedirectBrowserToResolvers = {
  redirectBrowserTo: (item) => item.redirect_browser_to,
};
