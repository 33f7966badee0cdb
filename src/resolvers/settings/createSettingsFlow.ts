import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { callMode } from '../enums';

export const createSettingsFlow: MutationResolvers['createSettingsFlow'] = (_parent, { input }, ctx) =>
  ctx.ory.settings.create(callMode(input?.client), { returnTo: input?.returnTo });
