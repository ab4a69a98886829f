import type {
  EventType,
  NotificationChannel,
  NotificationStatus,
  NotificationType,
} from '@shop/contracts';

/** The channels delivered by a worker, each from its own collection (in-app needs none). */
export type DeliveryChannel = Extract<NotificationChannel, 'email' | 'sms'>;

/** What a template makes of an event: the email, before anyone knows its recipient's address. */
export interface RenderedMessage {
  type: NotificationType;
  subject: string;
  text: string;
  html: string;
}

export interface NotificationRecord extends RenderedMessage {
  /** The id of the event it was made from, so a redelivered event cannot make a second one. */
  id: string;
  userId: string;
  orderId: string;
  eventType: EventType;
  /** The channel this record's delivery state is about. */
  channel: DeliveryChannel;
  /** Every channel the customer's preferences chose when the event arrived. */
  channels: NotificationChannel[];
  status: NotificationStatus;
  /** Delivery attempts made so far. */
  attempts: number;
  /** PENDING: not to be tried before this. */
  nextAttemptAt: Date;
  lastError: string | null;
  /** The address it was sent to, looked up at delivery time. */
  to: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A PENDING notification as a worker read (or just inserted) it, with the claim it had then
 * (null: none, or a lapsed one): claiming it compares against exactly this state.
 */
export interface ClaimCandidate extends NotificationRecord {
  claimId: string | null;
}

/** A notification a delivery worker holds until `claimedUntil`; `claimId` proves it. */
export interface ClaimedNotification extends NotificationRecord {
  claimId: string;
}

/** The inbox entry of a notification (its email record: `status` is the email's). */
export const toPublicNotification = (record: NotificationRecord) => ({
  id: record.id,
  type: record.type,
  eventType: record.eventType,
  orderId: record.orderId,
  channel: 'email' as const,
  channels: record.channels,
  subject: record.subject,
  text: record.text,
  status: record.status,
  createdAt: record.createdAt.toISOString(),
  sentAt: record.sentAt?.toISOString() ?? null,
});
