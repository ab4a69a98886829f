import type { ClaimCandidate, ClaimedNotification, NotificationRecord } from './model.js';

export interface NotificationPage {
  notifications: NotificationRecord[];
  nextCursor: string | null;
}

export interface NotificationStore {
  /** Stores a new notification; false when one exists for its event already (a redelivery). */
  insert(notification: NotificationRecord): Promise<boolean>;
  /** A user's notifications, newest first, keyset-paginated on (createdAt, id). */
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

export interface Recipient {
  email: string;
  name: string;
}

/** account-service, asked with a SERVICE token at delivery time. */
export interface Recipients {
  /** null: no such account (a permanent failure); throws when account-service is unavailable. */
  find(userId: string): Promise<Recipient | null>;
}

export interface OutgoingMail {
  /** The notification id: names the message (Message-ID) so a resend can be recognised. */
  id: string;
  to: Recipient;
  subject: string;
  text: string;
  html: string;
}

/** Where emails go: an SMTP server, or files in a directory. */
export interface MailTransport {
  /** Resolves once the message is accepted; throws `PermanentDeliveryError` if it never will be. */
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

/** A rejection that retrying cannot fix (e.g. an SMTP 550 for the recipient). */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
