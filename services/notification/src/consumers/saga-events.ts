import { type EventOfType, type ShopEvent, TOPICS } from '@shop/contracts';
import type { EventHandler } from '@shop/platform/kafka';
import { type Reactions, reactingWith, reactionOf } from '@shop/platform/reactions';
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

/**
 * notification-service listens to what happens to orders and payments
 * (docs/contract/events.md#who-consumes-what).
 */
export const NOTIFICATION_TOPICS = [TOPICS.order, TOPICS.payment];

/**
 * What notification-service does with each saga event (docs/saga.md#who-reacts-to-what):
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
} satisfies Reactions<NotificationDeps>;

/** The reaction this service has for the event's type, if any. */
export const notificationReactionTo = (event: ShopEvent) =>
  reactionOf(NOTIFICATION_REACTIONS, event);

/** Dispatches each event through NOTIFICATION_REACTIONS; any other type changes nothing. */
export const notificationHandler = (deps: NotificationDeps): EventHandler =>
  reactingWith(NOTIFICATION_REACTIONS, deps);
