import type {
  FlowExpiredResolvers,
  ResolversInterfaceTypes,
  ResolversTypes,
} from '../../__generated__/resolvers-types';
import type { Context } from '../../context/context';
import type { FlowKind } from '../../ory/models';

type FlowMember = ResolversInterfaceTypes<ResolversTypes>['Flow'];

/** Fetches a flow of the given kind, tagged with its GraphQL type. */
const fetchFlow: Record<FlowKind, (ctx: Context, id: string) => Promise<FlowMember>> = {
  login: async (ctx, id) => ({ __typename: 'LoginFlow', ...(await ctx.ory.login.get(id)) }),
  registration: async (ctx, id) => ({
    __typename: 'RegistrationFlow',
    ...(await ctx.ory.registration.get(id)),
  }),
  recovery: async (ctx, id) => ({ __typename: 'RecoveryFlow', ...(await ctx.ory.recovery.get(id)) }),
  verification: async (ctx, id) => ({
    __typename: 'VerificationFlow',
    ...(await ctx.ory.verification.get(id)),
  }),
  settings: async (ctx, id) => ({ __typename: 'SettingsFlow', ...(await ctx.ory.settings.get(id)) }),
};

export const FlowExpired: FlowExpiredResolvers = {
  /** The replacement flow, fetched only when a client selects it. */
  flow: (expired, _args, ctx) =>
    expired.useFlowId === null ? null : fetchFlow[expired.kind](ctx, expired.useFlowId),
};
