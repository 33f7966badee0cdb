import type {
  MutationResolvers,
  RecoveryCodeResolvers,
  RecoveryLinkResolvers,
} from '../../__generated__/resolvers-types';
import { requireUuid } from '../input';

export const createRecoveryCodeForIdentity: MutationResolvers['createRecoveryCodeForIdentity'] = async (
  _parent,
  { input },
  ctx,
) => {
  const identityId = requireUuid(input.identityId, 'identityId');
  const flowType = input.flowType == null ? null : input.flowType === 'BROWSER' ? 'browser' : 'api';
  return (await ctx.admin()).ory.recovery.code(identityId, { expiresIn: input.expiresIn, flowType });
};

export const createRecoveryLinkForIdentity: MutationResolvers['createRecoveryLinkForIdentity'] = async (
  _parent,
  { input },
  ctx,
) => {
  const identityId = requireUuid(input.identityId, 'identityId');
  return (await ctx.admin()).ory.recovery.link(identityId, {
    expiresIn: input.expiresIn,
    returnTo: input.returnTo,
  });
};

export const RecoveryCode: RecoveryCodeResolvers = {
  recoveryCode: (code) => code.recovery_code,
  recoveryLink: (code) => code.recovery_link,
  expiresAt: (code) => code.expires_at ?? null,
};

export const RecoveryLink: RecoveryLinkResolvers = {
  recoveryLink: (link) => link.recovery_link,
  expiresAt: (link) => link.expires_at ?? null,
};
