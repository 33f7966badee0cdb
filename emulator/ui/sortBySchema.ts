/**
 * `node.Nodes.SortBySchema` (`ui/node/node.go`) exactly as Kratos runs it: an unstable `sort.Slice`
 * by group, then a `sort.SliceStable` that compares only nodes of one group (or `default` with
 * `password`) by the position of the first key prefixing the node's id, `method` buttons last, ties
 * by the `%v` form of the node's value. Both Go sorts are ported in `goSort.ts`, since with such a
 * comparator the result depends on the algorithm.
 */
import { goFloat } from '../identity/goFormats';
import { isJsonObject, type JsonObject } from '../json';
import { goSortSlice, goSortSliceStable } from './goSort';
import { nodeId, type UiNode } from './nodes';

export interface SortOptions {
  /** `SortByGroups`. */
  readonly groups?: readonly string[];
  /** `SortUseOrder`: the leading keys. */
  readonly keys?: readonly string[];
  /** `SortBySchema`: keys of a JSON schema (see {@link schemaKeysInOrder}), after {@link keys}. */
  readonly schemaKeys?: readonly string[];
  /** `SortUpdateOrder`: rewrites the keys (e.g. `PasswordLoginOrder`). */
  readonly updateKeys?: (keys: string[]) => string[];
  /** `SortUseOrderAppend`. */
  readonly appendKeys?: readonly string[];
}

/** Go's `fmt.Sprintf("%v", value)` for node values (a text node's value is its message, printed by `Error()`). */
function goValue(node: UiNode): string {
  let value: unknown;
  switch (node.type) {
    case 'input':
      value = node.attributes.value;
      break;
    case 'text':
      return node.attributes.text.text;
    case 'img':
      return node.attributes.src;
    case 'a':
      return node.attributes.href;
  }
  if (value === undefined || value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goFloat(value);
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function sortBySchema(nodes: UiNode[], options: SortOptions): void {
  let keys = [...(options.keys ?? []), ...(options.schemaKeys ?? [])];
  if (options.updateKeys) keys = options.updateKeys(keys);
  keys = [...keys, ...(options.appendKeys ?? [])];

  const position = (node: UiNode): number => {
    const id = nodeId(node);
    // `node.Attributes.ID() == "method"`: submit buttons always go last.
    if (id === 'method') return nodes.length + keys.length + 1;
    const index = keys.findIndex((key) => id.startsWith(key));
    return index === -1 ? keys.length : index;
  };

  const groups = options.groups;
  if (groups !== undefined && groups.length > 0) {
    goSortSlice(nodes, (a, b) => groups.indexOf(a.group) < groups.indexOf(b.group));
  }
  const paired = (a: string, b: string): boolean =>
    a === b || (a === 'default' && b === 'password') || (a === 'password' && b === 'default');
  goSortSliceStable(nodes, (a, b) => {
    if (!paired(a.group, b.group)) return false;
    const pa = position(a);
    const pb = position(b);
    if (pa !== pb) return pa < pb;
    return goValue(a) < goValue(b);
  });
}

/**
 * `schema.GetKeysInOrder` (`computeKeyPositions`): the dotted paths of a JSON schema's leaves in
 * document order; only `"type": "object"` is walked into, and dots in keys are escaped.
 */
export function schemaKeysInOrder(schema: JsonObject): string[] {
  const out: string[] = [];
  const walk = (node: JsonObject, parents: string[]): void => {
    if (node.type === 'object') {
      const properties = node.properties;
      if (!isJsonObject(properties)) return;
      for (const [key, child] of Object.entries(properties)) {
        walk(isJsonObject(child) ? child : {}, [...parents, key.replace(/\./g, '\\.')]);
      }
      return;
    }
    out.push(parents.join('.'));
  };
  walk(schema, []);
  return out;
}

/** `node.PasswordLoginOrder`: `csrf_token`, the first key, `password`, then the rest. */
export function passwordLoginOrder(keys: string[]): string[] {
  if (keys.length === 0) return ['csrf_token', 'password'];
  const [first = '', ...rest] = keys;
  return ['csrf_token', first, 'password', ...rest];
}
