/** The form of the `link` method for recovery and verification: the address and "Continue". */
import { messages } from '../text/messages';
import { csrfNode, inputNode, submitNode, type InputNode, type UiContainer, type UiNode } from '../ui/nodes';

export const linkEmailInput = (value?: string): InputNode =>
  inputNode('email', 'link', 'email', { value, required: true, label: messages.labelEmail() });

const linkSubmit = (): UiNode => submitNode('link', 'link', messages.labelContinue());

/** `PopulateRecoveryMethod` / `PopulateVerificationMethod`: the token first, for API flows too (empty there). */
export function linkMethodUi(action: string, csrfToken: string): UiContainer {
  return {
    action,
    method: 'POST',
    nodes: [csrfNode(csrfToken), linkEmailInput(), linkSubmit()],
    messages: [],
  };
}
