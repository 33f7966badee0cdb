/**
 * UI nodes and containers (`ui/node`, `ui/container`): the types, the builders Kratos' strategies
 * use, and the container operations the flow error handler relies on.
 */
import { messages, type UiText } from '../text/messages';

export type NodeGroup =
  | 'default'
  | 'password'
  | 'oidc'
  | 'profile'
  | 'link'
  | 'code'
  | 'totp'
  | 'lookup_secret'
  | 'webauthn'
  | 'passkey'
  | 'identifier_first'
  | 'captcha'
  | 'saml';

export type InputType =
  | 'text'
  | 'password'
  | 'number'
  | 'checkbox'
  | 'hidden'
  | 'email'
  | 'tel'
  | 'submit'
  | 'button'
  | 'datetime-local'
  | 'date'
  | 'url';

export type Autocomplete =
  'email' | 'tel' | 'url' | 'current-password' | 'new-password' | 'one-time-code' | 'username webauthn';

export interface InputAttributes {
  name: string;
  type: InputType;
  /** `undefined` is omitted from JSON (Go's nil); `''` is kept. */
  value?: unknown;
  required?: boolean;
  autocomplete?: Autocomplete;
  pattern?: string;
  disabled: boolean;
  maxlength?: number;
}

export interface AnchorAttributes {
  href: string;
  title: UiText;
  id: string;
}

export interface TextAttributes {
  text: UiText;
  id: string;
}

export interface ImageAttributes {
  src: string;
  id: string;
  width: number;
  height: number;
}

export interface NodeBase {
  group: NodeGroup;
  messages: UiText[];
  meta: { label?: UiText };
}

export type UiNode =
  | (NodeBase & { type: 'input'; attributes: InputAttributes })
  | (NodeBase & { type: 'a'; attributes: AnchorAttributes })
  | (NodeBase & { type: 'text'; attributes: TextAttributes })
  | (NodeBase & { type: 'img'; attributes: ImageAttributes });

export type InputNode = Extract<UiNode, { type: 'input' }>;

export interface UiContainer {
  action: string;
  method: 'POST' | 'GET';
  nodes: UiNode[];
  messages: UiText[];
}

export function inputNode(
  name: string,
  group: NodeGroup,
  type: InputType,
  options: {
    value?: unknown;
    required?: boolean;
    autocomplete?: Autocomplete;
    pattern?: string;
    maxlength?: number;
    label?: UiText;
  } = {},
): InputNode {
  return {
    type: 'input',
    group,
    attributes: {
      name,
      type,
      value: options.value,
      required: options.required === true ? true : undefined,
      autocomplete: options.autocomplete,
      pattern: options.pattern,
      disabled: false,
      maxlength: options.maxlength,
    },
    messages: [],
    meta: options.label ? { label: options.label } : {},
  };
}

/** `node.NewCSRFNode`: API flows carry it with an empty value. */
export function csrfNode(token: string): InputNode {
  return inputNode('csrf_token', 'default', 'hidden', { value: token, required: true });
}

/** `password.NewPasswordNode`. */
export function passwordNode(autocomplete: 'current-password' | 'new-password'): InputNode {
  return inputNode('password', 'password', 'password', {
    required: true,
    autocomplete,
    label: messages.labelPassword(),
  });
}

export function submitNode(value: string, group: NodeGroup, label: UiText): InputNode {
  return inputNode('method', group, 'submit', { value, label });
}

/** `node.NewAnchorField`: a link, labelled with its title. */
export function anchorNode(id: string, href: string, group: NodeGroup, title: UiText): UiNode {
  return { type: 'a', group, attributes: { href, title, id }, messages: [], meta: { label: title } };
}

/** `node.NewTextField`: a text to show, labelled separately. */
export function textNode(id: string, text: UiText, group: NodeGroup, label?: UiText): UiNode {
  return { type: 'text', group, attributes: { text, id }, messages: [], meta: label ? { label } : {} };
}

/** `node.NewImageField` with a width and height. */
export function imageNode(id: string, src: string, group: NodeGroup, size: number, label?: UiText): UiNode {
  return {
    type: 'img',
    group,
    attributes: { src, id, width: size, height: size },
    messages: [],
    meta: label ? { label } : {},
  };
}

/** `Nodes.Upsert` as Kratos has it: replaces the first node with the same id (whatever its group), or appends. */
export function upsertById(container: UiContainer, node: UiNode): void {
  const index = container.nodes.findIndex((n) => nodeId(n) === nodeId(node));
  if (index === -1) container.nodes.push(node);
  else container.nodes[index] = node;
}

/** `Nodes.Remove`: drops every node with one of these ids. */
export function removeNodes(container: UiContainer, ...ids: string[]): void {
  container.nodes = container.nodes.filter((node) => !ids.includes(nodeId(node)));
}

/** The id Kratos uses to find a node: the input name, or the anchor/text/image id. */
export function nodeId(node: UiNode): string {
  return node.type === 'input' ? node.attributes.name : node.attributes.id;
}

export function findNode(container: UiContainer, name: string): UiNode | undefined {
  return container.nodes.find((node) => nodeId(node) === name);
}

/** `Nodes.Upsert`: replaces the node with the same id and group, or appends. */
export function upsertNode(container: UiContainer, node: UiNode): void {
  const index = container.nodes.findIndex((n) => nodeId(n) === nodeId(node) && n.group === node.group);
  if (index === -1) container.nodes.push(node);
  else container.nodes[index] = node;
}

/** `Container.SetCSRF`: one csrf node, updated in place. */
export function setCsrf(container: UiContainer, token: string): void {
  const existing = findNode(container, 'csrf_token');
  if (existing?.type === 'input') existing.attributes.value = token;
  else container.nodes.push(csrfNode(token));
}

/** `Nodes.SetValueAttribute`: only existing input nodes are touched. */
export function setNodeValue(container: UiContainer, name: string, value: unknown): void {
  for (const node of container.nodes) {
    if (node.type === 'input' && node.attributes.name === name) node.attributes.value = value;
  }
}

/** `Container.ResetMessages`. */
export function resetMessages(container: UiContainer): void {
  container.messages = [];
  for (const node of container.nodes) node.messages = [];
}

/**
 * `Container.AddMessage`: flow-level when `field` is empty; otherwise on the named node, creating
 * a text input in the default group when no such node exists.
 */
export function addMessage(container: UiContainer, message: UiText, field = ''): void {
  if (field.trim() === '') {
    container.messages.push(message);
    return;
  }
  const node = findNode(container, field);
  if (node) {
    node.messages.push(message);
    return;
  }
  const created = inputNode(field, 'default', 'text');
  created.messages = [message];
  container.nodes.push(created);
}

/** Flattens a JSON object to dotted keys (`jsonx.Flatten`), for echoing submitted values. */
export function flatten(
  value: unknown,
  prefix: string,
  out: Map<string, unknown> = new Map(),
): Map<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value))
      flatten(child, prefix === '' ? key : `${prefix}.${key}`, out);
  } else if (prefix !== '') {
    out.set(prefix, value);
  }
  return out;
}
