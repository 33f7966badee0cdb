/**
 * Node ordering. Login (`selfservice/flow/login/sort.go`): groups in a fixed order, then
 * `csrf_token, identifier, password`, submit buttons last in their group. Registration
 * (`selfservice/flow/registration/sort.go`): csrf first, the traits in schema order with
 * `password` right after the first trait, submit buttons last.
 */
import type { UiNode } from './nodes';
import { nodeId } from './nodes';

const LOGIN_GROUP_ORDER = [
  'oidc',
  'saml',
  'default',
  'webauthn',
  'passkey',
  'code',
  'password',
  'totp',
  'lookup_secret',
];
const LOGIN_KEY_ORDER = ['csrf_token', 'identifier', 'password'];

function isSubmit(node: UiNode): boolean {
  return node.type === 'input' && node.attributes.type === 'submit';
}

function stableSort(nodes: UiNode[], rank: (node: UiNode) => readonly number[]): UiNode[] {
  return nodes
    .map((node, index) => ({ node, index, key: rank(node) }))
    .sort((a, b) => {
      for (let i = 0; i < Math.max(a.key.length, b.key.length); i++) {
        const diff = (a.key[i] ?? 0) - (b.key[i] ?? 0);
        if (diff !== 0) return diff;
      }
      return a.index - b.index;
    })
    .map((entry) => entry.node);
}

function indexOr(list: readonly string[], value: string, fallback: number): number {
  const index = list.indexOf(value);
  return index === -1 ? fallback : index;
}

export function sortLoginNodes(nodes: UiNode[]): UiNode[] {
  return stableSort(nodes, (node) => [
    indexOr(LOGIN_GROUP_ORDER, node.group, LOGIN_GROUP_ORDER.length),
    isSubmit(node)
      ? LOGIN_KEY_ORDER.length + 1
      : indexOr(LOGIN_KEY_ORDER, nodeId(node), LOGIN_KEY_ORDER.length),
  ]);
}

/** `traitOrder`: the schema's trait node names (`traits.email`, ...) in schema order. */
export function sortRegistrationNodes(nodes: UiNode[], traitOrder: readonly string[]): UiNode[] {
  const order = ['csrf_token', ...traitOrder.slice(0, 1), 'password', ...traitOrder.slice(1)];
  return stableSort(nodes, (node) => [isSubmit(node) ? 1 : 0, indexOr(order, nodeId(node), order.length)]);
}
