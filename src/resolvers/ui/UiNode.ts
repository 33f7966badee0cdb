import type {
  ResolversUnionTypes,
  ResolversTypes,
  UiContainerResolvers,
  UiNodeAnchorAttributesResolvers,
  UiNodeDivisionAttributesResolvers,
  UiNodeImageAttributesResolvers,
  UiNodeInputAttributesResolvers,
  UiNodeScriptAttributesResolvers,
  UiNodeTextAttributesResolvers,
  UiNodeResolvers,
  UiTextResolvers,
} from '../../__generated__/resolvers-types';
import type { UiNodeAttributes as OryAttributes } from '../../ory/models';
import { uiNodeType, uiTextType } from '../enums';
import { json, jsonObject } from '../json';

type AttributesMember = ResolversUnionTypes<ResolversTypes>['UiNodeAttributes'];

/** Tags Ory's attributes (discriminated by `node_type`) with the GraphQL member type that represents them. */
function taggedAttributes(attributes: OryAttributes): AttributesMember | null {
  switch (attributes.node_type) {
    case 'input':
      return { ...attributes, __typename: 'UiNodeInputAttributes' };
    case 'text':
      return { ...attributes, __typename: 'UiNodeTextAttributes' };
    case 'img':
      return { ...attributes, __typename: 'UiNodeImageAttributes' };
    case 'a':
      return { ...attributes, __typename: 'UiNodeAnchorAttributes' };
    case 'script':
      return { ...attributes, __typename: 'UiNodeScriptAttributes' };
    case 'div':
      return { ...attributes, __typename: 'UiNodeDivisionAttributes' };
    default:
      return null;
  }
}

export const UiContainer: UiContainerResolvers = {
  // Ory omits `messages` when there are none, and a node type this schema does not know cannot be rendered.
  messages: (container) => container.messages ?? [],
  nodes: (container) => container.nodes.filter((node) => taggedAttributes(node.attributes) !== null),
};

export const UiNode: UiNodeResolvers = {
  type: (node) => uiNodeType(node.type) ?? uiNodeType(node.attributes.node_type) ?? 'INPUT',
  attributes: (node) => {
    const tagged = taggedAttributes(node.attributes);
    if (tagged === null) throw new Error(`unsupported UI node type ${node.attributes.node_type}`);
    return tagged;
  },
  messages: (node) => node.messages,
  meta: (node) => node.meta,
};

export const UiText: UiTextResolvers = {
  messageId: (text) => text.id,
  type: (text) => uiTextType(text.type) ?? 'INFO',
  context: (text) => jsonObject(text.context),
};

/** Ory's `id` of non-input nodes is the HTML element id; the schema calls it `elementId` (see ui.graphql). */
const elementId = { elementId: (attributes: { id: string }) => attributes.id };

export const UiNodeTextAttributes: UiNodeTextAttributesResolvers = elementId;
export const UiNodeImageAttributes: UiNodeImageAttributesResolvers = elementId;
export const UiNodeAnchorAttributes: UiNodeAnchorAttributesResolvers = elementId;
export const UiNodeScriptAttributes: UiNodeScriptAttributesResolvers = elementId;
export const UiNodeDivisionAttributes: UiNodeDivisionAttributesResolvers = elementId;

export const UiNodeInputAttributes: UiNodeInputAttributesResolvers = {
  value: (attributes) => json(attributes.value),
  required: (attributes) => attributes.required ?? false,
};
