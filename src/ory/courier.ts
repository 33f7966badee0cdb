/** Ory's courier (`CourierApi.listCourierMessages`): the emails and texts Ory sent, newest first. */
import type { CourierMessageStatus, Message } from '@ory/client';
import type { AdminCaller } from './adminCaller';
import type { OryPage } from './models';
import { toPage } from './pagination';

export type { CourierMessageStatus, Message };

export class Courier {
  constructor(private readonly caller: AdminCaller) {}

  async list(
    pageSize: number,
    pageToken: string | null,
    filter: { status?: CourierMessageStatus | null; recipient?: string | null },
  ): Promise<OryPage<Message>> {
    const response = await this.caller.fetch(
      'listCourierMessages',
      (o) =>
        this.caller.clients.courier.listCourierMessages(
          {
            pageSize,
            pageToken: pageToken ?? undefined,
            status: filter.status ?? undefined,
            recipient: filter.recipient ?? undefined,
          },
          o,
        ),
      { shape: 'array', idempotent: true },
    );
    return toPage(response, pageToken, pageSize);
  }
}
