import type { NotificationListQuery, ShopEvent } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import { ForbiddenError } from '@shop/platform/errors';
import { type NotificationRecord, toPublicNotification } from './model.js';
import type { NotificationStore } from './ports.js';
import { renderNotification } from './templates.js';

export interface NotificationDeps {
  notifications: NotificationStore;
  now: () => Date;
  /** Hands a just-stored notification to the delivery worker, to be sent at once. */
  deliverNow: (notification: NotificationRecord) => void;
}

const userIdOf = (event: ShopEvent) => ('userId' in event.data ? event.data.userId : null);

/**
 * The Kafka side: renders and stores the notification an event calls for, keyed by the event id.
 * Nothing here talks to another service or a mail server, so a redelivery or an outage elsewhere
 * can never make the consumer fail or send twice: a new notification is handed to the delivery
 * worker without waiting for it. Returns whether a notification was created.
 */
export const recordNotification = async (deps: NotificationDeps, event: ShopEvent) => {
  const message = renderNotification(event);
  const userId = userIdOf(event);
  if (!message || !userId) return false;
  const now = deps.now();
  const notification: NotificationRecord = {
    ...message,
    id: event.eventId,
    userId,
    orderId: event.orderId,
    eventType: event.type,
    channel: 'email',
    status: 'PENDING',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    to: null,
    sentAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const created = await deps.notifications.insert(notification);
  if (created) deps.deliverNow(notification);
  return created;
};

/** A caller's own notifications, newest first; an ADMIN may name another user. */
export const listNotifications = async (
  deps: NotificationDeps,
  caller: Caller,
  { userId, limit, cursor }: NotificationListQuery,
) => {
  if (userId && userId !== caller.id && caller.role !== 'ADMIN')
    throw new ForbiddenError("Only an ADMIN may read another user's notifications");
  const page = await deps.notifications.listByUser(userId ?? caller.id, limit, cursor);
  return {
    notifications: page.notifications.map(toPublicNotification),
    nextCursor: page.nextCursor,
  };
};
