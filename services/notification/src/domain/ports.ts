import type { ClaimCandidate, ClaimedNotification, NotificationRecord } from './model.js';

export interface NotificationPage {
  notifications: NotificationRecord[];
  nextCursor: string | null;
}

export interface NotificationStore {
  /** Stores a new notification; false when one exists for its event already (a redelivery). */
  insert(notification: NotificationRecord): Promise<boolean>;
  /**
   * A user's inbox: the notifications that went to the in-app channel, newest first,
   * keyset-paginated on (createdAt, id).
   */
  listByUser(userId: string, limit: number, cursor?: string): Promise<NotificationPage>;
  /**
   * Up to `limit` PENDING notifications due at `now` that no live claim holds, the longest due
   * first: one query, whose candidates a delivery pass then claims one by one.
   */
  findDue(now: Date, limit: number): Promise<ClaimCandidate[]>;
  /**
   * Claims `candidate` until `claimedUntil` if it is still due at `now` and still as read (no
   * one claimed or finished it since); null otherwise. Only one caller can win a notification.
   */
  claim(
    candidate: ClaimCandidate,
    now: Date,
    claimedUntil: Date,
  ): Promise<ClaimedNotification | null>;
  /** The updates below apply only while `claim` still holds the notification. */
  markSent(claim: ClaimedNotification, to: string, sentAt: Date): Promise<boolean>;
  /** Records a failed attempt and when to try again. */
  retryLater(
    claim: ClaimedNotification,
    error: string,
    nextAttemptAt: Date,
    now: Date,
  ): Promise<boolean>;
  markFailed(claim: ClaimedNotification, error: string, now: Date): Promise<boolean>;
}

/** A notification's place in a user's inbox: keyset order (createdAt, id). */
export interface InboxPosition {
  createdAt: Date;
  id: string;
}

/** Whether a notification comes after `position` in inbox order (null: the start). */
export const isAfter = (notification: InboxPosition, position: InboxPosition | null) =>
  position === null ||
  notification.createdAt.getTime() > position.createdAt.getTime() ||
  (notification.createdAt.getTime() === position.createdAt.getTime() &&
    notification.id > position.id);

/** What the live streams read: in-app notifications of any user, and one user's inbox. */
export interface InboxReader {
  /** In-app notifications of every user stored at or after `since`, oldest first. */
  inAppSince(since: Date, limit: number): Promise<NotificationRecord[]>;
  /**
   * A user's in-app notifications newer than their notification `afterId`, oldest first, and
   * where that one stands (null, and none, when that id is not one of theirs).
   */
  inboxAfter(
    userId: string,
    afterId: string,
    limit: number,
  ): Promise<{ after: InboxPosition | null; notifications: NotificationRecord[] }>;
}

export interface Recipient {
  email: string;
  name: string;
}

/** Whom a text message goes to: the number in the customer's notification preferences. */
export interface PhoneRecipient {
  phone: string;
}

/** The recipient of one channel's delivery: an email address or a phone number. */
export type AnyRecipient = Recipient | PhoneRecipient;

/** The address a delivery is recorded as sent `to`. */
export const addressOf = (recipient: AnyRecipient) =>
  'phone' in recipient ? recipient.phone : recipient.email;

/**
 * Where a channel finds its recipient at delivery time: account-service (SERVICE token) for the
 * email address, the preferences for the phone number.
 */
export interface Recipients<R extends AnyRecipient = Recipient> {
  /** null: no such account or number (a permanent failure); throws when unavailable. */
  find(userId: string): Promise<R | null>;
}

export interface OutgoingMessage<R extends AnyRecipient = Recipient> {
  /** The notification id: names the message (Message-ID, file name) so a resend is recognised. */
  id: string;
  to: R;
  subject: string;
  text: string;
  html: string;
}
export type OutgoingMail = OutgoingMessage<Recipient>;

/** Where one channel's messages go: an SMTP server or an SMS provider, or files in a directory. */
export interface Transport<R extends AnyRecipient = Recipient> {
  /** Resolves once the message is accepted; throws `PermanentDeliveryError` if it never will be. */
  send(message: OutgoingMessage<R>): Promise<void>;
  close(): Promise<void>;
}
export type MailTransport = Transport<Recipient>;
export type SmsTransport = Transport<PhoneRecipient>;

/** A rejection that retrying cannot fix (e.g. an SMTP 550 for the recipient). */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
