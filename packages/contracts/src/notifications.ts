import { z } from 'zod';
import { PageLimit, Timestamp, UNSTATED_RULE, Uuid } from './primitives.js';

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

/**
 * PENDING until delivered (or retried), SENT once the transport accepted it, FAILED for good;
 * SKIPPED when the customer had that channel switched off (nothing is sent).
 */
export const NOTIFICATION_STATUSES = ['PENDING', 'SENT', 'FAILED', 'SKIPPED'] as const;
export const NotificationStatus = z.enum(NOTIFICATION_STATUSES);
export type NotificationStatus = z.infer<typeof NotificationStatus>;

/** Where a notification can go: an email, a text message, the storefront's inbox (pushed live). */
export const NOTIFICATION_CHANNELS = ['email', 'sms', 'in_app'] as const;
export const NotificationChannel = z.enum(NOTIFICATION_CHANNELS);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const Notification = z.object({
  /** The id of the event it was made from: one notification per event. */
  id: Uuid,
  type: NotificationType,
  eventType: z.string(),
  orderId: Uuid,
  /** The channel `status` and `sentAt` describe: always the email. */
  channel: z.literal('email'),
  /** Every channel the customer's preferences chose for it when the event arrived. */
  channels: z.array(NotificationChannel),
  subject: z.string(),
  text: z.string(),
  /** The email's delivery (SKIPPED when email was switched off). */
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

/** A mobile number in E.164 form: `+`, country code, subscriber number, 8 to 15 digits in all. */
export const PhoneNumber = z.string().regex(/^\+[1-9][0-9]{7,14}$/, {
  error: 'must be a phone number in E.164 form, e.g. +14155550123',
});

/** What a customer wants to hear about their orders, and where (the account's own, PUT replaces all). */
export const NotificationPreferencesBody = z
  .strictObject({
    email: z.boolean(),
    sms: z.boolean(),
    inApp: z.boolean(),
    /** Where text messages go; required while `sms` is on. */
    phone: PhoneNumber.nullable(),
  })
  .refine((body) => !body.sms || body.phone !== null, {
    error: 'a phone number is required to receive text messages',
    path: ['phone'],
    params: UNSTATED_RULE,
  })
  .describe('`sms: true` needs a `phone` (422 otherwise)');
export type NotificationPreferencesBody = z.infer<typeof NotificationPreferencesBody>;

/**
 * A customer's preferences; until they save any, the defaults: email on, in-app on, SMS off
 * (no phone number yet), with `updatedAt: null`.
 */
export const NotificationPreferences = z.object({
  email: z.boolean(),
  sms: z.boolean(),
  inApp: z.boolean(),
  phone: z.string().nullable(),
  updatedAt: Timestamp.nullable(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/**
 * A single-use pass for `GET /api/v1/notifications/stream?ticket=` (EventSource cannot send an
 * Authorization header): short-lived, good for that stream only, for the account that asked.
 */
export const StreamTicket = z.object({
  ticket: z.string(),
  expiresAt: Timestamp,
});
export type StreamTicket = z.infer<typeof StreamTicket>;

export const NotificationStreamQuery = z.strictObject({
  ticket: z.string().min(16).max(200),
  /**
   * The last notification id the client has (the `id:` of the last event it read, or the newest
   * entry of the inbox it loaded): everything newer is sent first. The `Last-Event-ID` header,
   * sent by a reconnecting EventSource, takes precedence.
   */
  lastEventId: Uuid.optional(),
});
export type NotificationStreamQuery = z.infer<typeof NotificationStreamQuery>;
