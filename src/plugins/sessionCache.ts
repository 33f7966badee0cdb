/**
 * With the session cache on: any mutation may change the caller's session or identity (a sign-in that raises
 * the AAL, a settings change of traits, a verified address, a logout), so after every mutation the caller's own
 * cache entry is dropped, on every replica, before the answer leaves. Queries change nothing.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import type { Context } from '../context/context';

export function sessionCachePlugin(): ApolloServerPlugin<Context> {
  return {
    requestDidStart() {
      return Promise.resolve({
        async willSendResponse({ operation, contextValue }) {
          if (operation?.operation === OperationTypeNode.MUTATION)
            await contextValue.sessionsChanged({ caller: true });
        },
      });
    },
  };
}
