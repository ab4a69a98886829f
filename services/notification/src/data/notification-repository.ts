import { decodeCursor, encodeCursor } from '@shop/platform';
import type { Collection, Filter } from 'mongodb';
import type { ClaimedNotification, NotificationRecord } from '../domain/model.js';
import type { InboxReader, NotificationStore } from '../domain/ports.js';
import type { NotificationDocument } from './indexes.js';

const isDuplicateKey = (error: unknown) => (error as { code?: number } | null)?.code === 11000;

// Notifications stored before there were channels were emails shown in the inbox.
const toRecord = ({
  _id,
  claimId: _c,
  claimedUntil: _u,
  ...rest
}: NotificationDocument): NotificationRecord => ({
  id: _id,
  ...rest,
  channels: rest.channels ?? ['email', 'in_app'],
});

/** In the inbox: sent to the in-app channel (or stored before channels existed). */
const IN_APP: Filter<NotificationDocument> = {
  $or: [{ channels: 'in_app' }, { channels: { $exists: false } }],
};

/** Strictly after (createdAt, id), oldest first: what a stream has not sent yet. */
const newerThan = (createdAt: Date, id: string): Filter<NotificationDocument> => ({
  $or: [{ createdAt: { $gt: createdAt } }, { createdAt, _id: { $gt: id } }],
});

/** Keyset condition for the page after the (createdAt, id) a cursor names, newest first. */
const after = (cursor: string | undefined): Filter<NotificationDocument> => {
  if (!cursor) return {};
  const last = decodeCursor(cursor);
  return {
    $or: [
      { createdAt: { $lt: last.createdAt } },
      { createdAt: last.createdAt, _id: { $lt: last.id } },
    ],
  };
};

/**
 * PENDING, due at `now` and held by no live claim (none yet, or one whose worker lapsed): the
 * domain's `isDue` (delivery-rules.ts) as a MongoDB filter.
 */
const dueAt = (now: Date): Filter<NotificationDocument> => ({
  status: 'PENDING',
  nextAttemptAt: { $lte: now },
  $or: [{ claimedUntil: null }, { claimedUntil: { $lte: now } }],
});

/** The document of a new notification: the record under `_id` (its event id), unclaimed. */
export const toNotificationDocument = ({
  id,
  ...rest
}: NotificationRecord): NotificationDocument => ({
  _id: id,
  ...rest,
  claimId: null,
  claimedUntil: null,
});

export const createNotificationRepository = (
  notifications: Collection<NotificationDocument>,
): NotificationStore & InboxReader => {
  /**
   * The end of an attempt: applies only while `claim` still holds the notification (a worker
   * whose claim lapsed and was taken over changes nothing) and releases it.
   */
  const finish = async (
    claim: ClaimedNotification,
    set: Partial<NotificationDocument>,
    now: Date,
  ) => {
    const result = await notifications.updateOne(
      { _id: claim.id, claimId: claim.claimId },
      {
        $set: { ...set, claimId: null, claimedUntil: null, updatedAt: now },
        $inc: { attempts: 1 },
      },
    );
    return result.modifiedCount === 1;
  };

  return {
    insert: async (notification) => {
      try {
        await notifications.insertOne(toNotificationDocument(notification));
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    listByUser: async (userId, limit, cursor) => {
      const docs = await notifications
        .find({ $and: [{ userId }, IN_APP, after(cursor)] })
        .sort({ createdAt: -1, _id: -1 })
        .limit(limit + 1)
        .toArray();
      const page = docs.slice(0, limit).map(toRecord);
      const last = page.at(-1);
      return {
        notifications: page,
        nextCursor: docs.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
      };
    },

    // One query per stream poll of a replica, whatever the number of open streams.
    inAppSince: async (since, limit) => {
      const docs = await notifications
        .find({ $and: [{ createdAt: { $gte: since } }, IN_APP] })
        .sort({ createdAt: 1, _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(toRecord);
    },

    inboxAfter: async (userId, afterId, limit) => {
      const last = await notifications.findOne({ _id: afterId, userId });
      if (!last) return { after: null, notifications: [] };
      const docs = await notifications
        .find({ $and: [{ userId }, IN_APP, newerThan(last.createdAt, last._id)] })
        .sort({ createdAt: 1, _id: 1 })
        .limit(limit)
        .toArray();
      return {
        after: { createdAt: last.createdAt, id: last._id },
        notifications: docs.map(toRecord),
      };
    },

    // Without secondary indexes (mongo-java-server) this is a scan of the whole collection, so
    // a delivery pass makes it once and claims the candidates one by one, never once per claim.
    findDue: async (now, limit) => {
      const docs = await notifications
        .find(dueAt(now))
        .sort({ nextAttemptAt: 1 })
        .limit(limit)
        .toArray();
      return docs.map((doc) => ({ ...toRecord(doc), claimId: doc.claimId }));
    },

    // Compare-and-set on the `_id` and the claim id and attempt count read with the candidate
    // (or inserted, for a new notification): the update matches only if nobody claimed or
    // finished it in between, and modifiedCount says who won; no read, so no scan either.
    // The update re-checks that it is due: under races mongo-java-server can return a document
    // that a concurrent retry already pushed into the future. (No findOneAndUpdate post-image
    // either: it is just as unreliable there.)
    claim: async (candidate, now, claimedUntil) => {
      const claimId = crypto.randomUUID();
      const result = await notifications.updateOne(
        {
          ...dueAt(now),
          _id: candidate.id,
          claimId: candidate.claimId,
          attempts: candidate.attempts,
        },
        { $set: { claimId, claimedUntil, updatedAt: now } },
      );
      return result.modifiedCount === 1 ? { ...candidate, claimId } : null;
    },

    markSent: async (claim, to, sentAt) =>
      await finish(claim, { status: 'SENT', to, sentAt, lastError: null }, sentAt),

    retryLater: async (claim, error, nextAttemptAt, now) =>
      await finish(claim, { lastError: error, nextAttemptAt }, now),

    markFailed: async (claim, error, now) =>
      await finish(claim, { status: 'FAILED', lastError: error }, now),
  };
};
