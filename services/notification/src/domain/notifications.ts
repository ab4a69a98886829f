import type { NotificationChannel, NotificationListQuery, ShopEvent } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import { NotFoundError } from '@shop/platform/errors';
import { type Draft, render } from './layout.js';
import { type NotificationRecord, toPublicNotification } from './model.js';
import type { NotificationStore } from './ports.js';
import { channelsFor, type PreferencesStore, preferencesOf } from './preferences.js';
import { textMessageOf } from './text-message.js';

export interface NotificationDeps {
  /** One record per event: the inbox entry, and the email's delivery state. */
  notifications: NotificationStore;
  /** The SMS channel's records, keyed by the same event ids. */
  textMessages: NotificationStore;
  preferences: PreferencesStore;
  now: () => Date;
  /** Hands a just-stored notification to the delivery worker, to be sent at once. */
  deliverNow: (notification: NotificationRecord) => void;
  /** The same for a just-stored text message and the SMS worker. */
  deliverSmsNow: (message: NotificationRecord) => void;
  /**
   * Pushes a just-stored in-app notification to this replica's open streams at once (the
   * streams of other replicas find it in the store: see jobs/inbox-feed.ts).
   */
  announce: (notification: NotificationRecord) => void;
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
  channels: NotificationChannel[] = ['email', 'in_app'],
): NotificationRecord => ({
  ...render(event.orderId, template(event)),
  id: event.eventId,
  userId: event.data.userId,
  orderId: event.orderId,
  eventType: event.type,
  channel: 'email',
  channels,
  // Email switched off: kept all the same, as the inbox entry and the event's idempotency record.
  status: channels.includes('email') ? 'PENDING' : 'SKIPPED',
  attempts: 0,
  nextAttemptAt: now,
  lastError: null,
  to: null,
  sentAt: null,
  createdAt: now,
  updatedAt: now,
});

/**
 * The text message, if SMS is among the channels: stored in the SMS store under the event id,
 * so a redelivery (even one after a crash between the two inserts) makes at most one.
 */
const recordTextMessage = async (deps: NotificationDeps, notification: NotificationRecord) => {
  if (!notification.channels.includes('sms')) return;
  const message = textMessageOf(notification);
  if (await deps.textMessages.insert(message)) deps.deliverSmsNow(message);
};

/**
 * The Kafka side: stores the notification an event calls for, keyed by the event id, for the
 * channels the customer's preferences choose now (read from our own store). Nothing here
 * talks to another service, a mail server or an SMS provider, so a redelivery or an outage
 * elsewhere can never make the consumer fail or send twice: each channel's record is keyed by
 * the event id in its own store, and a new one is handed to its worker without waiting for it.
 * Returns whether the notification was created.
 */
export const recordNotification = async <E extends CustomerEvent>(
  deps: NotificationDeps,
  event: E,
  template: (event: E) => Draft,
) => {
  const { userId } = event.data;
  const channels = channelsFor(preferencesOf(userId, await deps.preferences.find(userId)));
  const notification = newNotification(event, template, deps.now(), channels);
  const created = await deps.notifications.insert(notification);
  if (created && notification.status === 'PENDING') deps.deliverNow(notification);
  if (created && channels.includes('in_app')) deps.announce(notification);
  await recordTextMessage(deps, notification);
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
