/**
 * Reading flows the way a client renders them: the GraphQL selection for UI nodes, and small readers for the
 * values tests need (a node's value, a text node's text, the message ids a flow shows).
 */

/** A flow's UI as the tests select it (`ui { ...UI }`). */
export const UI_FIELDS = /* GraphQL */ `
  messages { id type }
  nodes {
    group
    type
    messages { id type }
    attributes {
      __typename
      ... on UiNodeInputAttributes { name type value }
      ... on UiNodeTextAttributes { id text { id text context } }
      ... on UiNodeImageAttributes { id src }
      ... on UiNodeScriptAttributes { id src }
    }
  }
`;

export interface TestUiNode {
  group: string;
  type: string;
  messages: Array<{ id: number; type: string }>;
  attributes: {
    __typename: string;
    name?: string;
    type?: string;
    value?: unknown;
    id?: string;
    src?: string;
    text?: { id: number; text: string; context: Record<string, unknown> | null };
  };
}

export interface TestUi {
  messages: Array<{ id: number; type: string }>;
  nodes: TestUiNode[];
}

/** The node with this input name or element id, or an error listing what there is. */
export function node(ui: TestUi, name: string): TestUiNode {
  const found = ui.nodes.find((candidate) => (candidate.attributes.name ?? candidate.attributes.id) === name);
  if (found === undefined) {
    const names = ui.nodes.map((candidate) => candidate.attributes.name ?? candidate.attributes.id);
    throw new Error(`no node ${name} in [${names.join(', ')}]`);
  }
  return found;
}

/** Every message id of the flow, its own and its nodes'. */
export function messageIds(ui: TestUi): number[] {
  return [...ui.messages, ...ui.nodes.flatMap((candidate) => candidate.messages)].map(
    (message) => message.id,
  );
}
