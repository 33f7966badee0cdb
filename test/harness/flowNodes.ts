/**
 * Reading flows the way a client renders them: the GraphQL selection for UI nodes, and small readers for the
 * values tests need (a node's value, a text node's text, the message ids a flow shows).
 */

/** A flow's UI as the tests select it (`ui { ...UI }`). */
export const UI_FIELDS = /* GraphQL */ `
  messages { messageId type }
  nodes {
    group
    type
    messages { messageId type }
    attributes {
      __typename
      ... on UiNodeInputAttributes { name type value }
      ... on UiNodeTextAttributes { elementId text { messageId text context } }
      ... on UiNodeImageAttributes { elementId src }
      ... on UiNodeScriptAttributes { elementId src }
    }
  }
`;

export interface TestUiNode {
  group: string;
  type: string;
  messages: Array<{ messageId: number; type: string }>;
  attributes: {
    __typename: string;
    name?: string;
    type?: string;
    value?: unknown;
    elementId?: string;
    src?: string;
    text?: { messageId: number; text: string; context: Record<string, unknown> | null };
  };
}

export interface TestUi {
  messages: Array<{ messageId: number; type: string }>;
  nodes: TestUiNode[];
}

/** The node with this input name or element id, or an error listing what there is. */
export function node(ui: TestUi, name: string): TestUiNode {
  const found = ui.nodes.find(
    (candidate) => (candidate.attributes.name ?? candidate.attributes.elementId) === name,
  );
  if (found === undefined) {
    const names = ui.nodes.map((candidate) => candidate.attributes.name ?? candidate.attributes.elementId);
    throw new Error(`no node ${name} in [${names.join(', ')}]`);
  }
  return found;
}

/** Every message id of the flow, its own and its nodes'. */
export function messageIds(ui: TestUi): number[] {
  return [...ui.messages, ...ui.nodes.flatMap((candidate) => candidate.messages)].map(
    (message) => message.messageId,
  );
}
