/**
 * The courier's message queue (`courier/message.go`, `courier/smtp.go` `QueueEmail`). Kratos only
 * writes a row per message; nothing is delivered unless it runs `--watch-courier`, so messages here
 * stay `queued` forever. Bodies are readable because the emulator behaves like `kratos serve --dev`.
 */
import { newId } from '../crypto/tokens';
import { goTime } from '../time';

export type TemplateType =
  | 'recovery_code_valid'
  | 'verification_code_valid'
  | 'login_code_valid'
  | 'registration_code_valid'
  | 'recovery_valid'
  | 'verification_valid';
export type MessageStatus = 'queued' | 'sent' | 'processing' | 'abandoned';
export const MESSAGE_STATUSES: readonly MessageStatus[] = ['queued', 'sent', 'processing', 'abandoned'];

export interface CourierMessage {
  readonly id: string;
  readonly status: MessageStatus;
  readonly recipient: string;
  readonly subject: string;
  readonly body: string;
  readonly templateType: TemplateType;
  readonly createdAt: Date;
  /** Insertion order, to keep "newest first" stable for messages queued within one millisecond. */
  readonly sequence: number;
}

export class Courier {
  private readonly messages: CourierMessage[] = [];

  queueEmail(
    email: { recipient: string; subject: string; body: string; templateType: TemplateType },
    now: Date,
  ): CourierMessage {
    const message: CourierMessage = {
      id: newId(),
      status: 'queued',
      ...email,
      createdAt: now,
      sequence: this.messages.length,
    };
    this.messages.push(message);
    return message;
  }

  /** Newest first, like `ListMessages` (`ORDER BY created_at DESC, id DESC`). */
  list(): CourierMessage[] {
    return [...this.messages].sort(
      (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.sequence - a.sequence,
    );
  }

  get(id: string): CourierMessage | undefined {
    return this.messages.find((message) => message.id === id.toLowerCase());
  }
}

/** Field order of `courier.Message`. */
export function messageJson(message: CourierMessage): Record<string, unknown> {
  const at = goTime(message.createdAt);
  return {
    id: message.id,
    status: message.status,
    type: 'email',
    recipient: message.recipient,
    body: message.body,
    subject: message.subject,
    template_type: message.templateType,
    channel: 'email',
    send_count: 0,
    created_at: at,
    updated_at: at,
  };
}
