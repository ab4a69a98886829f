import { TOPICS } from '@shop/contracts';
import type { EventHandler } from '@shop/platform/kafka';
import { type NotificationDeps, recordNotification } from '../domain/notifications.js';

/** notification-service listens to what happens to orders and payments (PRODUCT.md §7). */
export const NOTIFICATION_TOPICS = [TOPICS.order, TOPICS.payment];

/** Stores the notification an event calls for; the delivery worker sends it (not awaited). */
export const notificationHandler =
  (deps: NotificationDeps): EventHandler =>
  async (event) => {
    await recordNotification(deps, event);
  };
