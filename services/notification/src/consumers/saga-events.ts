import { type EventOfType, type EventType, type ShopEvent, TOPICS } from '@shop/contracts';
import type { EventHandler } from '@shop/platform/kafka';
import { type NotificationDeps, recordNotification } from '../domain/notifications.js';
import {
  orderCancelled,
  orderCompleted,
  orderDelivered,
  orderReceived,
  orderShipped,
  paymentFailed,
  refundIssued,
} from '../domain/templates.js';

/** notification-service listens to what happens to orders and payments (PRODUCT.md §7). */
export const NOTIFICATION_TOPICS = [TOPICS.order, TOPICS.payment];

/**
 * What notification-service does with each saga event (PRODUCT.md §7, "Who reacts to what"):
 * every business event a customer hears about stores one email, rendered with its template and
 * keyed by the event id (the delivery worker sends it). OrderUpdated, OrderPaid and
 * PaymentSucceeded make none: the confirmation (OrderCompleted) covers a successful payment.
 */
export const NOTIFICATION_REACTIONS = {
  OrderCreated: async (deps: NotificationDeps, event: EventOfType<'OrderCreated'>) =>
    await recordNotification(deps, event, orderReceived),
  PaymentFailed: async (deps: NotificationDeps, event: EventOfType<'PaymentFailed'>) =>
    await recordNotification(deps, event, paymentFailed),
  OrderCompleted: async (deps: NotificationDeps, event: EventOfType<'OrderCompleted'>) =>
    await recordNotification(deps, event, orderCompleted),
  OrderCancelled: async (deps: NotificationDeps, event: EventOfType<'OrderCancelled'>) =>
    await recordNotification(deps, event, orderCancelled),
  PaymentRefunded: async (deps: NotificationDeps, event: EventOfType<'PaymentRefunded'>) =>
    await recordNotification(deps, event, refundIssued),
  OrderShipped: async (deps: NotificationDeps, event: EventOfType<'OrderShipped'>) =>
    await recordNotification(deps, event, orderShipped),
  OrderDelivered: async (deps: NotificationDeps, event: EventOfType<'OrderDelivered'>) =>
    await recordNotification(deps, event, orderDelivered),
} as const satisfies {
  [T in EventType]?: (deps: NotificationDeps, event: EventOfType<T>) => Promise<unknown>;
};

type Reaction = (deps: NotificationDeps, event: ShopEvent) => Promise<unknown>;

/** The reaction of `event`'s type, if notification-service has one. */
export const notificationReactionTo = (event: ShopEvent) =>
  (NOTIFICATION_REACTIONS as Partial<Record<EventType, Reaction>>)[event.type];

/** Dispatches each event through NOTIFICATION_REACTIONS; other types call for no email. */
export const notificationHandler =
  (deps: NotificationDeps): EventHandler =>
  async (event) => {
    await notificationReactionTo(event)?.(deps, event);
  };
