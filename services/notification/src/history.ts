/**
 * What a tool needs to store notifications exactly as this service does, without its consumers:
 * the domain's record builder and the templates, the repository's document mapping, the
 * collections (with their indexes), and the repository itself to read them back. tools/bench
 * seeds stored history with these.
 */
export type { NotificationDocument } from './data/indexes.js';
export { prepareNotificationDb } from './data/indexes.js';
export {
  createNotificationRepository,
  toNotificationDocument,
} from './data/notification-repository.js';
export { type NotificationRecord, toPublicNotification } from './domain/model.js';
export { newNotification } from './domain/notifications.js';
export { orderCancelled, orderCompleted } from './domain/templates.js';
