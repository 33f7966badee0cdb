/**
 * `/demo/courier?recipient=`: the newest messages Ory's courier queued for one address, read from the embedded
 * emulator's admin API (`/admin/courier/messages`), so the page can show the codes and links a developer would
 * otherwise have to fish out of a mailbox. Development only: the handler offers it only when given the
 * emulator's admin URL, and it returns nothing but subject and body of a few messages to the asked address.
 */
import { z } from 'zod';

/** How many messages the page shows (newest first). */
const PAGE_SIZE = 5;
const TIMEOUT_MS = 3000;
/** An email address is at most 254 characters; a phone number far less. */
const MAX_RECIPIENT_LENGTH = 320;

const oryMessages = z.array(
  z.object({
    id: z.string(),
    recipient: z.string(),
    subject: z.string(),
    body: z.string(),
    template_type: z.string(),
    created_at: z.string(),
  }),
);

export interface DemoCourierMessage {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  templateType: string;
  createdAt: string;
}

export type CourierAnswer =
  { status: 200; messages: DemoCourierMessage[] } | { status: 400 | 502; error: string };

/** The newest messages to `recipient` (as given in the query string), or why there are none. */
export async function courierMessages(courierUrl: string, recipient: string | null): Promise<CourierAnswer> {
  const address = recipient?.trim() ?? '';
  if (address === '' || address.length > MAX_RECIPIENT_LENGTH) {
    return { status: 400, error: 'recipient: give the email address (or phone number) to show messages for' };
  }
  try {
    const url = new URL('/admin/courier/messages', courierUrl);
    url.searchParams.set('recipient', address);
    url.searchParams.set('page_size', String(PAGE_SIZE));
    const res = await fetch(url, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) return { status: 502, error: `the courier answered ${res.status}` };
    const messages = oryMessages.parse(await res.json()).map((message) => ({
      id: message.id,
      recipient: message.recipient,
      subject: message.subject,
      body: message.body,
      templateType: message.template_type,
      createdAt: message.created_at,
    }));
    return { status: 200, messages };
  } catch (error) {
    return {
      status: 502,
      error: `the courier could not be read (${error instanceof Error ? error.message : 'unknown error'})`,
    };
  }
}
