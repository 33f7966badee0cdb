/**
 * Field resolvers every flow type shares (the `Flow` interface). Each flow type's resolver map spreads them in.
 */
import type { AnyFlow, UiNode } from '../../ory/models';
import { flowClient, flowState } from '../enums';

/** The `csrf_token` node's value: what a browser client must echo; `""` on native flows. */
function csrfToken(nodes: UiNode[]): string | null {
  for (const node of nodes) {
    const attributes = node.attributes;
    if (attributes.node_type === 'input' && attributes.name === 'csrf_token') {
      return typeof attributes.value === 'string' ? attributes.value : null;
    }
  }
  return null;
}

export const flowFields = {
  type: (flow: AnyFlow) => flowClient(flow.type) ?? 'NATIVE',
  state: (flow: AnyFlow) => flowState(flow.state),
  expiresAt: (flow: AnyFlow) => flow.expires_at,
  issuedAt: (flow: AnyFlow) => flow.issued_at,
  requestUrl: (flow: AnyFlow) => flow.request_url,
  returnTo: (flow: AnyFlow) => flow.return_to ?? null,
  csrfToken: (flow: AnyFlow) => csrfToken(flow.ui.nodes),
  active: (flow: AnyFlow) => flow.active ?? null,
};
