/** JSON shapes of UI containers, nodes and texts with Kratos' key order and omitempty rules. */
import { sortedRecord } from '../json';
import type { UiText } from '../text/messages';
import type { UiContainer, UiNode } from './nodes';

export function uiTextJson(text: UiText): Record<string, unknown> {
  return {
    id: text.id,
    text: text.text,
    type: text.type,
    context: text.context === undefined ? undefined : sortedRecord(text.context),
  };
}

function attributesJson(node: UiNode): Record<string, unknown> {
  switch (node.type) {
    case 'input': {
      const a = node.attributes;
      return {
        name: a.name,
        type: a.type,
        value: a.value === null ? undefined : a.value,
        required: a.required === true ? true : undefined,
        autocomplete: a.autocomplete,
        pattern: a.pattern,
        disabled: a.disabled,
        maxlength: a.maxlength,
        node_type: 'input',
      };
    }
    case 'a':
      return {
        href: node.attributes.href,
        title: uiTextJson(node.attributes.title),
        id: node.attributes.id,
        node_type: 'a',
      };
    case 'text':
      return { text: uiTextJson(node.attributes.text), id: node.attributes.id, node_type: 'text' };
    case 'img':
      return {
        src: node.attributes.src,
        id: node.attributes.id,
        width: node.attributes.width,
        height: node.attributes.height,
        node_type: 'img',
      };
  }
}

export function nodeJson(node: UiNode): Record<string, unknown> {
  return {
    type: node.type,
    group: node.group,
    attributes: attributesJson(node),
    messages: node.messages.map(uiTextJson),
    meta: node.meta.label ? { label: uiTextJson(node.meta.label) } : {},
  };
}

/**
 * `messages` is omitted when empty; every node keeps `messages: []` and `meta: {}`. A form no method
 * filled (an aal2 login of an identity without second factor) has `nodes: null` (Go's nil slice).
 */
export function containerJson(container: UiContainer): Record<string, unknown> {
  return {
    action: container.action,
    method: container.method,
    nodes: container.nodes.length === 0 ? null : container.nodes.map(nodeJson),
    messages: container.messages.length > 0 ? container.messages.map(uiTextJson) : undefined,
  };
}
