import type { HoldStatus, ShopEvent } from '@shop/contracts';
import { type EmbeddedOutbox, outboxEntry } from '@shop/platform/mongo';
import type { Collection } from 'mongodb';
import { INTERMEDIATE_STATES } from '../domain/hold-transitions.js';
import type { HoldRecord } from '../domain/model.js';
import type { HoldStore } from '../domain/ports.js';
import type { HoldDocument } from './documents.js';
import { isDuplicateKey } from './duplicate-key.js';

/** How many handled event ids a hold remembers; a hold sees a handful of events in its life. */
const HANDLED_EVENTS_KEPT = 50;

const toRecord = ({ _id, outbox: _o, ...rest }: HoldDocument): HoldRecord => ({
  orderId: _id,
  ...rest,
  // Holds written before generations existed are their first placement.
  generation: rest.generation ?? 0,
  handledEvents: rest.handledEvents ?? [],
});

/**
 * The document of a new hold: the record under `_id` (its order id) with its events in the
 * embedded outbox (an event-less hold has an empty one).
 */
export const toHoldDocument = (hold: HoldRecord, events: ShopEvent[] = []): HoldDocument => {
  const { orderId, ...rest } = hold;
  return { _id: orderId, ...rest, outbox: events.map((event) => outboxEntry(event)) };
};

/** Where a write with events is announced: the relay's hint, and its wake-up. */
export interface OutboxSignal extends Pick<EmbeddedOutbox, 'written'> {
  /** Publish soon (the relay otherwise finds the events on its next pass). */
  wake(): void;
}

/** Tells the hold sweeper when a hold this process wrote needs a pass (see `startSweeper`). */
export interface SweepSignal {
  dueAt(at: Date): void;
  /** A hold left in an intermediate state this long counts as interrupted (`HOLD_STUCK_AFTER_SECONDS`). */
  stuckAfterMs: number;
}

/** The query for both is strict (`<`): a pass 1 ms after the time finds the hold. */
const justAfter = (at: Date) => new Date(at.getTime() + 1);

/**
 * Holds in MongoDB. After every write that stored events, the outbox learns which hold got them
 * (so the relay reads that hold by id instead of searching the collection, see `embeddedOutbox`)
 * and the relay is woken to publish them now. The sweeper learns when each hold written falls
 * due: at its expiry, and `stuckAfterMs` after it entered an intermediate state (if it is still
 * there then, its move was interrupted).
 */
export const createHoldRepository = (
  holds: Collection<HoldDocument>,
  outbox: OutboxSignal,
  sweep?: SweepSignal,
): HoldStore => {
  const announce = (orderId: string, events: unknown[]) => {
    if (events.length === 0) return;
    outbox.written(orderId);
    outbox.wake();
  };
  const due = (status: HoldStatus, changedAt: Date, expiresAt: Date | undefined) => {
    if (!sweep) return;
    if (expiresAt) sweep.dueAt(justAfter(expiresAt));
    if (INTERMEDIATE_STATES.includes(status))
      sweep.dueAt(justAfter(new Date(changedAt.getTime() + sweep.stuckAfterMs)));
  };
  return {
    insert: async (hold, events = []) => {
      try {
        await holds.insertOne(toHoldDocument(hold, events));
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
      announce(hold.orderId, events);
      due(hold.status, hold.updatedAt, hold.expiresAt);
      return true;
    },

    find: async (orderId) => {
      const doc = await holds.findOne({ _id: orderId });
      return doc ? toRecord(doc) : null;
    },

    findMany: async (orderIds) => {
      if (orderIds.length === 0) return [];
      return (await holds.find({ _id: { $in: orderIds } }).toArray()).map(toRecord);
    },

    // The state change, its events (outbox) and the id of the event that caused it are written
    // in one single-document update: all of it happens, or none.
    transition: async (orderId, from, { to, set = {}, events = [], handledEventId }, now) => {
      const result = await holds.updateOne(
        {
          _id: orderId,
          status: from,
          ...(handledEventId ? { handledEvents: { $ne: handledEventId } } : {}),
        },
        {
          $set: { ...set, status: to, updatedAt: now },
          $push: {
            outbox: { $each: events.map((event) => outboxEntry(event)) },
            handledEvents: {
              $each: handledEventId ? [handledEventId] : [],
              $slice: -HANDLED_EVENTS_KEPT,
            },
          },
        },
      );
      if (result.modifiedCount === 1) {
        announce(orderId, events);
        due(to, now, set.expiresAt);
      }
      return result.modifiedCount === 1;
    },

    appendEvents: async (orderId, events, handledEventId, now) => {
      const result = await holds.updateOne(
        { _id: orderId, handledEvents: { $ne: handledEventId } },
        {
          $set: { updatedAt: now },
          $push: {
            outbox: { $each: events.map((event) => outboxEntry(event)) },
            handledEvents: { $each: [handledEventId], $slice: -HANDLED_EVENTS_KEPT },
          },
        },
      );
      if (result.modifiedCount === 1) announce(orderId, events);
      return result.modifiedCount === 1;
    },

    deletePending: async (orderId) => {
      await holds.deleteOne({ _id: orderId, status: 'PENDING' });
    },

    deleteAbandoned: async (orderId) => {
      await holds.deleteOne({ _id: orderId, status: 'RELEASING', releaseReason: 'abandoned' });
    },

    stuck: async (statuses, before, limit) =>
      (
        await holds
          .find({ status: { $in: [...statuses] }, updatedAt: { $lt: before } })
          .limit(limit)
          .toArray()
      ).map(toRecord),

    expired: async (now, limit) =>
      (
        await holds
          .find({ status: 'HELD', expiresAt: { $lt: now } })
          .limit(limit)
          .toArray()
      ).map(toRecord),
  };
};
