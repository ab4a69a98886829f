import type { Db } from 'mongodb';
import type { NotificationRecord } from '../domain/model.js';
import type { PreferencesRecord } from '../domain/preferences.js';

export interface NotificationDocument extends Omit<NotificationRecord, 'id' | 'channels'> {
  /** Absent on notifications stored before channels existed (emails, shown in the inbox). */
  channels?: NotificationRecord['channels'];
  /** The event id: a second insert for the same event fails on the primary key. */
  _id: string;
  /** The current claim of a delivery worker (null when none); guards every delivery update. */
  claimId: string | null;
  /** When that claim lapses and another worker may take the notification over. */
  claimedUntil: Date | null;
}

/** A customer's notification preferences; `_id` is the account id. */
export interface PreferencesDocument extends Omit<PreferencesRecord, 'userId'> {
  _id: string;
}

/** A stream ticket, stored by the SHA-256 of its secret (a leaked database holds no ticket). */
export interface StreamTicketDocument {
  _id: string;
  userId: string;
  expiresAt: Date;
}

/**
 * The collections of notificationdb and their indexes, created idempotently at start-up:
 * `notifications` (one per event: the inbox entry and the email's delivery), `text_messages`
 * (the SMS channel's, same shape and same ids), `notification_preferences` and
 * `stream_tickets`.
 */
export const prepareNotificationDb = async (db: Db) => {
  const notifications = db.collection<NotificationDocument>('notifications');
  const textMessages = db.collection<NotificationDocument>('text_messages');
  await textMessages.createIndex({ status: 1, nextAttemptAt: 1 }, { name: 'ix_text_messages_due' });
  await notifications.createIndex(
    { userId: 1, createdAt: -1, _id: -1 },
    { name: 'ix_notifications_user_newest' },
  );
  await notifications.createIndex(
    { status: 1, nextAttemptAt: 1 },
    { name: 'ix_notifications_due' },
  );
  await notifications.createIndex({ createdAt: 1 }, { name: 'ix_notifications_created' });
  return {
    notifications,
    textMessages,
    preferences: db.collection<PreferencesDocument>('notification_preferences'),
    streamTickets: db.collection<StreamTicketDocument>('stream_tickets'),
  };
};
