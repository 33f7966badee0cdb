import type { CourierMessageResolvers, QueryResolvers } from '../../__generated__/resolvers-types';
import { badInput } from '../../errors';
import { fetchConnection, pageRequest } from '../connection';
import { courierStatus, oryCourierStatus } from '../enums';

export const courierMessages: QueryResolvers['courierMessages'] = async (
  _parent,
  { first, after, status, recipient },
  ctx,
) => {
  const request = pageRequest(first, after);
  if (recipient != null && (recipient.length === 0 || recipient.length > 320)) {
    throw badInput('recipient must be 1 to 320 characters.', 'recipient');
  }
  const admin = await ctx.admin();
  const filter = { status: status == null ? null : oryCourierStatus(status), recipient };
  return fetchConnection(request, (size, token) => admin.ory.courier.list(size, token, filter));
};

export const CourierMessage: CourierMessageResolvers = {
  status: (message) => courierStatus(message.status),
  templateType: (message) => message.template_type,
  sendCount: (message) => message.send_count,
  createdAt: (message) => message.created_at,
  updatedAt: (message) => message.updated_at,
};
