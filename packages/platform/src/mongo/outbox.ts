import type { ShopEvent } from '@shop/contracts';
import type { Collection, Document } from 'mongodb';
import { type OutboxHintsOptions, outboxHints } from '../kafka/outbox-hints.js';
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
 * Documents with events waiting. Every entry has `createdAt`, so this is "a non-empty outbox",
 * written the way a partial index can serve it (`createOutboxIndex`).
 */
const WITH_EVENTS = { 'outbox.createdAt': { $exists: true } };

/**
 * The index of the relay's periodic search and of the backlog gauge: it holds only documents
 * whose events wait, so the search costs what waits instead of a scan of every document ever
 * written. Created at start-up by the service that owns the collection.
 */
export const createOutboxIndex = async <T extends WithOutbox>(collection: Collection<T>) =>
  await collection.createIndex({ 'outbox.createdAt': 1 } as never, {
    name: 'ix_outbox_pending',
    partialFilterExpression: WITH_EVENTS,
  });

export interface EmbeddedOutbox extends OutboxStore {
  /** The repository `$push`ed events into this document: the relay reads it first, by `_id`. */
  written(id: unknown): void;
}

const toMessages = (documents: WithOutbox[]) =>
  documents.flatMap((document) =>
    (document.outbox ?? []).map(
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

/**
 * The outbox of a MongoDB collection without multi-document transactions: each state change
 * `$push`es its events into the same document in the same update, so the change and its
 * events are written atomically. The relay reads documents with pending events and `$pull`s
 * them once Kafka has them.
 *
 * Finding "documents with pending events" is cheap only through the partial index of
 * `createOutboxIndex`, and the MongoDB-wire emulator used in development has no secondary
 * indexes: there it scans every document ever written. So the repository tells the store which
 * documents it wrote (`written`), those are read by `_id`, and the full search runs only every
 * `sweepIntervalMs` (see `outboxHints`), for what a crashed process or another replica left.
 */
export const embeddedOutbox = <T extends WithOutbox>(
  collection: Collection<T>,
  options: OutboxHintsOptions = {},
): EmbeddedOutbox => {
  const find = async (filter: object, limit: number) =>
    toMessages(
      (await collection
        .find(filter as never, { projection: { outbox: 1 } })
        .limit(limit)
        .toArray()) as WithOutbox[],
    );
  const hints = outboxHints<unknown>(
    {
      readPlaces: async (ids, limit) => await find({ _id: { $in: ids }, ...WITH_EVENTS }, limit),
      search: async (limit) => await find(WITH_EVENTS, limit),
      placeOf: (message) => String(message.ref),
    },
    options,
  );

  return {
    written: hints.written,
    pending: hints.pending,
    backlog: async () => {
      const [row] = await collection
        .aggregate<{ pending: number; oldest: Date | null }>([
          { $match: WITH_EVENTS },
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
      hints.published(messages);
    },
  };
};
