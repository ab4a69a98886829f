import type { Db } from 'mongodb';
import type { NotificationRecord } from '../domain/model.js';

export interface NotificationDocument extends Omit<NotificationRecord, 'id'> {
  /** The event id: a second insert for the same event fails on the primary key. */
  _id: string;
  /** The current claim of a delivery worker (null when none); guards every delivery update. */
  claimId: string | null;
  /** When that claim lapses and another worker may take the notification over. */
  claimedUntil: Date | null;
}

/** The collection of notificationdb and its indexes, created idempotently at start-up. */
export const prepareNotificationDb = async (db: Db) => {
  const notifications = db.collection<NotificationDocument>('notifications');
  await notifications.createIndex(
    { userId: 1, createdAt: -1, _id: -1 },
    { name: 'ix_notifications_user_newest' },
  );
  await notifications.createIndex(
    { status: 1, nextAttemptAt: 1 },
    { name: 'ix_notifications_due' },
  );
  return { notifications };
};
