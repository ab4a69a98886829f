import { z } from 'zod';
import { PageLimit, Timestamp, Uuid } from './primitives.js';

/** The template a notification was rendered from: one per kind of business event. */
export const NOTIFICATION_TYPES = [
  'ORDER_RECEIVED',
  'PAYMENT_FAILED',
  'ORDER_COMPLETED',
  'ORDER_CANCELLED',
  'REFUND_ISSUED',
  'ORDER_SHIPPED',
  'ORDER_DELIVERED',
] as const;
export const NotificationType = z.enum(NOTIFICATION_TYPES);
export type NotificationType = z.infer<typeof NotificationType>;

/** PENDING until delivered (or retried), SENT once the transport accepted it, FAILED for good. */
export const NOTIFICATION_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const;
export const NotificationStatus = z.enum(NOTIFICATION_STATUSES);
export type NotificationStatus = z.infer<typeof NotificationStatus>;

export const NotificationChannel = z.enum(['email']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const Notification = z.object({
  /** The id of the event it was made from: one notification per event. */
  id: Uuid,
  type: NotificationType,
  eventType: z.string(),
  orderId: Uuid,
  channel: NotificationChannel,
  subject: z.string(),
  text: z.string(),
  status: NotificationStatus,
  createdAt: Timestamp,
  sentAt: Timestamp.nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationListQuery = z.strictObject({
  limit: PageLimit,
  cursor: z
    .string()
    .max(200)
    .describe('The `nextCursor` of the previous page; any other string is refused with 422')
    .optional(),
  /** ADMIN only: read another user's notifications. */
  userId: Uuid.optional(),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

export const NotificationPage = z.object({
  notifications: z.array(Notification),
  nextCursor: z.string().nullable(),
});
export type NotificationPage = z.infer<typeof NotificationPage>;
