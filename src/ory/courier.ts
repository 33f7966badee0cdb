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
      () =>
        this.caller.clients.courier.listCourierMessages({
          pageSize,
          pageToken: pageToken ?? undefined,
          status: filter.status ?? undefined,
          recipient: filter.recipient ?? undefined,
        }),
      'array',
    );
    return toPage(response, pageToken, pageSize);
  }
}
