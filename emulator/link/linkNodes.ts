/** The form of the `link` method for recovery and verification: the address and "Continue". */
import { messages } from '../text/messages';
import { inputNode, submitNode, type InputNode, type UiNode } from '../ui/nodes';

export const linkEmailInput = (value?: string): InputNode =>
  inputNode('email', 'link', 'email', { value, required: true, label: messages.labelEmail() });

export const linkSubmit = (): UiNode => submitNode('link', 'link', messages.labelContinue());
