import type { NotificationListQuery, ShopEvent } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import { NotFoundError } from '@shop/platform/errors';
import { type Draft, render } from './layout.js';
import { type NotificationRecord, toPublicNotification } from './model.js';
import type { NotificationStore } from './ports.js';

export interface NotificationDeps {
  notifications: NotificationStore;
  now: () => Date;
  /** Hands a just-stored notification to the delivery worker, to be sent at once. */
  deliverNow: (notification: NotificationRecord) => void;
}

/** An event a customer is told about: every one names its user. */
export type CustomerEvent = Extract<ShopEvent, { data: { userId: string } }>;

/**
 * The notification an event calls for, rendered with its template: PENDING, due at once, and
 * keyed by the event id, so a redelivered event finds it already there.
 */
export const newNotification = <E extends CustomerEvent>(
  event: E,
  template: (event: E) => Draft,
  now: Date,
): NotificationRecord => ({
  ...render(event.orderId, template(event)),
  id: event.eventId,
  userId: event.data.userId,
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
});

/**
 * The Kafka side: stores the notification an event calls for, keyed by the event id. Nothing
 * here talks to another service or a mail server, so a redelivery or an outage elsewhere can
 * never make the consumer fail or send twice: a new notification is handed to the delivery
 * worker without waiting for it. Returns whether a notification was created.
 */
export const recordNotification = async <E extends CustomerEvent>(
  deps: NotificationDeps,
  event: E,
  template: (event: E) => Draft,
) => {
  const notification = newNotification(event, template, deps.now());
  const created = await deps.notifications.insert(notification);
  if (created) deps.deliverNow(notification);
  return created;
};

/**
 * Who may read whose notifications: their own, and an ADMIN anyone's. Another user's are
 * "not found", as every other resource of another user, so a customer learns nothing of them.
 */
export const checkMayList = (caller: Caller, userId: string | undefined) => {
  if (userId && userId !== caller.id && caller.role !== 'ADMIN')
    throw new NotFoundError(`No notifications of user ${userId}`);
};

/** A caller's own notifications, newest first; an ADMIN may name another user. */
export const listNotifications = async (
  deps: NotificationDeps,
  caller: Caller,
  { userId, limit, cursor }: NotificationListQuery,
) => {
  checkMayList(caller, userId);
  const page = await deps.notifications.listByUser(userId ?? caller.id, limit, cursor);
  return {
    notifications: page.notifications.map(toPublicNotification),
    nextCursor: page.nextCursor,
  };
};
