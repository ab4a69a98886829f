import type { ShopEvent } from '@shop/contracts';
import type { Collection, Document } from 'mongodb';
import { type OutboxMessage, type OutboxStore, toOutboxMessage } from '../kafka/outbox-relay.js';
import { currentTraceparent } from '../tracing.js';

/** An event embedded in the document whose change it announces (see `embeddedOutbox`). */
export interface OutboxEntry {
  eventId: string;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  createdAt: Date;
}

export interface WithOutbox extends Document {
  outbox?: OutboxEntry[];
}

/** The embedded event, with the `traceparent` of the request or event being handled. */
export const outboxEntry = (event: ShopEvent, traceparent = currentTraceparent()): OutboxEntry => {
  const { id, ref: _ref, ...message } = toOutboxMessage(event, traceparent);
  return { eventId: id, ...message, createdAt: new Date(event.occurredAt) };
};

/**
 * The outbox of a MongoDB collection without multi-document transactions: each state change
 * `$push`es its events into the same document in the same update, so the change and its
 * events are written atomically. The relay reads documents with pending events and `$pull`s
 * them once Kafka has them.
 */
export const embeddedOutbox = <T extends WithOutbox>(collection: Collection<T>): OutboxStore => ({
  pending: async (limit) => {
    const documents = await collection
      .find({ 'outbox.0': { $exists: true } } as never, { projection: { outbox: 1 } })
      .limit(limit)
      .toArray();
    return documents.flatMap((document) =>
      ((document.outbox ?? []) as OutboxEntry[]).map(
        ({ eventId, topic, key, value, headers }): OutboxMessage => ({
          id: eventId,
          topic,
          key,
          value,
          headers,
          ref: document._id,
        }),
      ),
    );
  },
  backlog: async () => {
    const [row] = await collection
      .aggregate<{ pending: number; oldest: Date | null }>([
        { $match: { 'outbox.0': { $exists: true } } },
        { $unwind: '$outbox' },
        { $group: { _id: null, pending: { $sum: 1 }, oldest: { $min: '$outbox.createdAt' } } },
      ])
      .toArray();
    return { pending: row?.pending ?? 0, oldest: row?.oldest ?? null };
  },
  markPublished: async (messages) => {
    const byDocument = new Map<unknown, string[]>();
    for (const { ref, id } of messages) byDocument.set(ref, [...(byDocument.get(ref) ?? []), id]);
    for (const [_id, eventIds] of byDocument) {
      await collection.updateOne(
        { _id } as never,
        { $pull: { outbox: { eventId: { $in: eventIds } } } } as never,
      );
    }
  },
});
