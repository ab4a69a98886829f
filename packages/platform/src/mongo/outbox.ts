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

export interface EmbeddedOutbox extends OutboxStore {
  /** The repository `$push`ed events into this document: the relay reads it first, by `_id`. */
  written(id: unknown): void;
}

export interface EmbeddedOutboxOptions {
  /** How often the whole collection is searched for events nobody hinted (crash, other replica). */
  sweepIntervalMs?: number;
  now?: () => number;
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
 * Finding "documents with pending events" is a query on an array's size, which only a partial
 * index makes cheap, and the MongoDB-wire emulator used in development has no secondary
 * indexes: there it scans every document ever written. So the repository tells the store which
 * documents it wrote (`written`), those are read by `_id`, and the full search runs only every
 * `sweepIntervalMs`, for what a crashed process or another replica left behind. A hint stays
 * until its document is seen without events, so a failed send is retried from the hint too.
 */
export const embeddedOutbox = <T extends WithOutbox>(
  collection: Collection<T>,
  { sweepIntervalMs = 5_000, now = Date.now }: EmbeddedOutboxOptions = {},
): EmbeddedOutbox => {
  // A hint is replaced (new object) on every write, so one read before that write cannot drop it.
  const hints = new Map<string, { id: unknown }>();
  let lastSweep = Number.NEGATIVE_INFINITY;
  const withEvents = { 'outbox.0': { $exists: true } };
  const find = async (filter: object, limit: number) =>
    (await collection
      .find(filter as never, { projection: { outbox: 1 } })
      .limit(limit)
      .toArray()) as WithOutbox[];

  const hinted = async (limit: number) => {
    const batch = [...hints].slice(0, limit);
    if (batch.length === 0) return [];
    const documents = await find(
      { _id: { $in: batch.map(([, hint]) => hint.id) }, ...withEvents },
      limit,
    );
    const pending = new Set(documents.map((document) => String(document._id)));
    for (const [key, hint] of batch)
      if (!pending.has(key) && hints.get(key) === hint) hints.delete(key);
    return toMessages(documents);
  };

  const sweep = async (limit: number) => {
    const documents = await find(withEvents, limit);
    // A full batch means more may wait: sweep again on the next call.
    if (documents.length < limit) lastSweep = now();
    return toMessages(documents);
  };

  return {
    written: (id) => {
      hints.set(String(id), { id });
    },
    pending: async (limit) => {
      const messages = await hinted(limit);
      if (messages.length > 0 || now() - lastSweep < sweepIntervalMs) return messages;
      return await sweep(limit);
    },
    backlog: async () => {
      const [row] = await collection
        .aggregate<{ pending: number; oldest: Date | null }>([
          { $match: withEvents },
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
  };
};
