import { decodeCursor, encodeCursor } from '@shop/platform';
import type { Collection, Filter } from 'mongodb';
import type { ClaimedNotification, NotificationRecord } from '../domain/model.js';
import type { NotificationStore } from '../domain/ports.js';
import type { NotificationDocument } from './indexes.js';

const isDuplicateKey = (error: unknown) => (error as { code?: number } | null)?.code === 11000;

const toRecord = ({
  _id,
  claimId: _c,
  claimedUntil: _u,
  ...rest
}: NotificationDocument): NotificationRecord => ({ id: _id, ...rest });

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

// Candidates read per claim attempt: losing a race for one moves on to the next.
const CLAIM_CANDIDATES = 5;

export const createNotificationRepository = (
  notifications: Collection<NotificationDocument>,
): NotificationStore => {
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
    insert: async ({ id, ...rest }) => {
      try {
        await notifications.insertOne({ _id: id, ...rest, claimId: null, claimedUntil: null });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    listByUser: async (userId, limit, cursor) => {
      const docs = await notifications
        .find({ $and: [{ userId }, after(cursor)] })
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

    // Compare-and-set on the claim id and attempt count read with the candidate: the update
    // matches only if nobody claimed or finished it in between, and modifiedCount says who won.
    // The update re-checks that it is due: under races mongo-java-server can return a document
    // that a concurrent retry already pushed into the future. (No findOneAndUpdate post-image
    // either: it is just as unreliable there.)
    claimDue: async (now, claimedUntil) => {
      const due: Filter<NotificationDocument> = {
        status: 'PENDING',
        nextAttemptAt: { $lte: now },
        $or: [{ claimedUntil: null }, { claimedUntil: { $lte: now } }],
      };
      const candidates = await notifications
        .find(due)
        .sort({ nextAttemptAt: 1 })
        .limit(CLAIM_CANDIDATES)
        .toArray();
      for (const candidate of candidates) {
        const claimId = crypto.randomUUID();
        const result = await notifications.updateOne(
          { ...due, _id: candidate._id, claimId: candidate.claimId, attempts: candidate.attempts },
          { $set: { claimId, claimedUntil, updatedAt: now } },
        );
        if (result.modifiedCount === 1) return { ...toRecord(candidate), claimId };
      }
      return null;
    },

    markSent: async (claim, to, sentAt) =>
      await finish(claim, { status: 'SENT', to, sentAt, lastError: null }, sentAt),

    retryLater: async (claim, error, nextAttemptAt, now) =>
      await finish(claim, { lastError: error, nextAttemptAt }, now),

    markFailed: async (claim, error, now) =>
      await finish(claim, { status: 'FAILED', lastError: error }, now),
  };
};
