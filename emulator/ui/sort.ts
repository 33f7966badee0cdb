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

const SETTINGS_GROUP_ORDER = [
  'default',
  'profile',
  'password',
  'oidc',
  'lookup_secret',
  'webauthn',
  'passkey',
  'totp',
];

/** Go's insertion sort (what `sort.Slice`/`SliceStable` do for the few nodes of a form). */
function insertionSort(nodes: UiNode[], less: (a: UiNode, b: UiNode) => boolean): UiNode[] {
  const out = [...nodes];
  for (let i = 1; i < out.length; i++) {
    for (let j = i; j > 0; j--) {
      const a = out[j];
      const b = out[j - 1];
      if (a === undefined || b === undefined || !less(a, b)) break;
      out[j] = b;
      out[j - 1] = a;
    }
  }
  return out;
}

/** Go's `fmt.Sprintf("%v", value)` for node values. */
function goValue(value: unknown): string {
  if (value === undefined || value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function nodeValue(node: UiNode): unknown {
  return node.type === 'input' ? node.attributes.value : undefined;
}

/**
 * `Nodes.SortBySchema` as the settings flow calls it (`selfservice/flow/settings/sort.go`): by group
 * (`default, profile, password, ...`), then within a group — `default` and `password` count as one —
 * by the first schema key (`keysInOrder`: the leaf trait paths) that prefixes the node name, `method`
 * last, ties by value.
 */
export function sortSettingsNodes(nodes: UiNode[], keysInOrder: readonly string[]): UiNode[] {
  const byGroup = insertionSort(
    nodes,
    (a, b) => SETTINGS_GROUP_ORDER.indexOf(a.group) < SETTINGS_GROUP_ORDER.indexOf(b.group),
  );
  const position = (node: UiNode): number => {
    const id = nodeId(node);
    if (id === 'method') return byGroup.length + keysInOrder.length + 1;
    const index = keysInOrder.findIndex((key) => id.startsWith(key));
    return index === -1 ? keysInOrder.length : index;
  };
  const pair = (a: string, b: string): boolean =>
    (a === 'default' && b === 'password') || (a === 'password' && b === 'default');
  return insertionSort(byGroup, (a, b) => {
    if (a.group !== b.group && !pair(a.group, b.group)) return false;
    const pa = position(a);
    const pb = position(b);
    if (pa !== pb) return pa < pb;
    return goValue(nodeValue(a)) < goValue(nodeValue(b));
  });
}
