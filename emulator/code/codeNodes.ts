/**
 * The UI nodes of the `code` method (`selfservice/strategy/code/node.go`) and the form every code
 * flow shows once a code was sent (`populateEmailSentFlow`): the fields the user already filled in
 * kept as hidden inputs, a hidden `method=code`, the `code` input, "Continue" and "Resend code".
 */
import type { UiText } from '../text/messages';
import { messages } from '../text/messages';
import { inputNode, nodeId, upsertById, type InputNode, type UiContainer, type UiNode } from '../ui/nodes';

export const codeSubmitRegistration = (): InputNode =>
  inputNode('method', 'code', 'submit', { value: 'code', label: messages.infoRegistrationCode() });

export const codeResendNode = (): InputNode =>
  inputNode('resend', 'code', 'submit', { value: 'code', label: messages.labelResendCode() });

export const codeContinueButton = (): InputNode =>
  inputNode('method', 'code', 'submit', { value: 'code', label: messages.labelContinue() });

export const codeMethodHidden = (): InputNode => inputNode('method', 'code', 'hidden', { value: 'code' });

/** The address field of recovery and verification by code. */
export const codeEmailInput = (value?: string): InputNode =>
  inputNode('email', 'code', 'email', { value, required: true, label: messages.labelEmail() });

export const codeInput = (label: UiText): InputNode =>
  inputNode('code', 'code', 'text', { required: true, label });

/** The profile group's "Back" button of two-step registrations. */
export const registrationSelectCredentialsNode = (): InputNode =>
  inputNode('screen', 'profile', 'submit', {
    value: 'credential-selection',
    label: messages.infoRegistrationBack(),
  });

/** `Node.Matches`: same id, type, group and (for inputs) the same input type and value. */
export function nodeMatches(node: UiNode, needle: UiNode): boolean {
  if (nodeId(needle) !== '' && nodeId(node) !== nodeId(needle)) return false;
  if (node.type !== needle.type || node.group !== needle.group) return false;
  if (node.type === 'input' && needle.type === 'input') {
    return (
      node.attributes.type === needle.attributes.type && node.attributes.value === needle.attributes.value
    );
  }
  return true;
}

/** `Nodes.RemoveMatching`. */
export function removeMatching(ui: UiContainer, needle: UiNode): void {
  ui.nodes = ui.nodes.filter((node) => !nodeMatches(node, needle));
}

/** Groups `ClearTransientNodes` drops (every method group; `captcha` survives). */
const TRANSIENT_GROUPS = new Set([
  'default',
  'password',
  'oidc',
  'profile',
  'link',
  'code',
  'totp',
  'lookup_secret',
  'webauthn',
  'passkey',
  'identifier_first',
  'saml',
]);

/**
 * `populateEmailSentFlow`: `kept` are the nodes carried over (already adjusted by the caller),
 * `resend` and `back` the extra buttons of the flow kind.
 */
export function codeSentNodes(
  ui: UiContainer,
  kept: readonly UiNode[],
  codeLabel: UiText,
  extra: readonly UiNode[],
): UiNode[] {
  const fresh: UiContainer = {
    ...ui,
    nodes: [...ui.nodes.filter((node) => !TRANSIENT_GROUPS.has(node.group)), ...kept],
  };
  // The hidden `method` first: `Upsert` replaces the first node of an id.
  upsertById(fresh, codeMethodHidden());
  upsertById(fresh, codeInput(codeLabel));
  fresh.nodes.push(codeContinueButton());
  fresh.nodes.push(...extra);
  return fresh.nodes;
}
