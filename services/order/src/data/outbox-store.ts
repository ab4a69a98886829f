import { EVENT_TOPIC, type ShopEvent } from '@shop/contracts';
import {
  type OutboxHintsOptions,
  type OutboxMessage,
  type OutboxStore,
  outboxHints,
  toOutboxMessage,
} from '@shop/platform/kafka';
import type cassandra from 'cassandra-driver';
import { BUCKETS, bucketOf } from './cassandra.js';

/** A hint whose event never appeared is dropped after this long (its batch did not apply). */
const ORPHAN_HINT_MS = 60_000;

interface Hint {
  eventId: string;
  createdAt: Date;
}

interface EventRef {
  orderId: string;
  occurredAt: Date;
  eventId: string;
}

export interface CassandraOutbox extends OutboxStore {
  /** The repository wrote events to this order's partition: the relay reads it first. */
  written(orderId: string): void;
}

/**
 * The outbox of orders_keyspace: events are clustering rows of their order's partition with
 * `published = false`, written in the same LWT batch as the state change; `outbox_pending`
 * hints say which partitions to look at, so the relay never scans the table. Published hints
 * are deleted, so the hint buckets fill with tombstones that every bucket read steps over: the
 * relay reads the partitions this process wrote (`written`) and the buckets only every
 * `sweepIntervalMs`, for hints a crashed process or another replica left (see `outboxHints`).
 */
export const cassandraOutbox = (
  client: cassandra.Client,
  options: OutboxHintsOptions = {},
): CassandraOutbox => {
  const run = async (query: string, params: unknown[]) =>
    await client.execute(query, params, { prepare: true });
  const dropHint = async (orderId: string, eventId: string) =>
    await run('DELETE FROM outbox_pending WHERE bucket = ? AND order_id = ? AND event_id = ?', [
      bucketOf(orderId),
      orderId,
      eventId,
    ]);

  const unpublishedOf = async (orderId: string, hints: Hint[]) => {
    const rows = (
      await run(
        'SELECT occurred_at, event_id, payload, published, traceparent FROM orders WHERE order_id = ?',
        [orderId],
      )
    ).rows.filter((row) => row.event_id);
    const present = new Map(rows.map((row) => [row.event_id.toString(), row]));
    for (const hint of hints) {
      const row = present.get(hint.eventId);
      const stale = !row && Date.now() - hint.createdAt.getTime() > ORPHAN_HINT_MS;
      if (row?.published || stale) await dropHint(orderId, hint.eventId);
    }
    return rows
      .filter((row) => row.published === false)
      .map((row): OutboxMessage => {
        const event = JSON.parse(row.payload) as ShopEvent;
        const ref: EventRef = {
          orderId,
          occurredAt: row.occurred_at,
          eventId: row.event_id.toString(),
        };
        const message = toOutboxMessage(event, row.traceparent ?? undefined);
        return { ...message, topic: EVENT_TOPIC[event.type], ref };
      });
  };

  // Buckets and order partitions are read concurrently: each is one small partition read.
  const search = async (limit: number) => {
    const buckets = await Promise.all(
      Array.from(
        { length: BUCKETS },
        async (_, bucket) =>
          await run(
            'SELECT order_id, event_id, created_at FROM outbox_pending WHERE bucket = ? LIMIT ?',
            [bucket, limit],
          ),
      ),
    );
    const hintsByOrder = new Map<string, Hint[]>();
    for (const row of buckets.flatMap((result) => result.rows)) {
      const orderId = row.order_id.toString();
      if (!hintsByOrder.has(orderId) && hintsByOrder.size >= limit) continue;
      hintsByOrder.set(orderId, [
        ...(hintsByOrder.get(orderId) ?? []),
        { eventId: row.event_id.toString(), createdAt: row.created_at },
      ]);
    }
    const perOrder = await Promise.all(
      [...hintsByOrder].map(async ([orderId, found]) => await unpublishedOf(orderId, found)),
    );
    return perOrder.flat();
  };

  const hints = outboxHints<string>(
    {
      readPlaces: async (orderIds) =>
        (
          await Promise.all(orderIds.map(async (orderId) => await unpublishedOf(orderId, [])))
        ).flat(),
      search,
      placeOf: (message) => (message.ref as EventRef).orderId,
    },
    options,
  );

  return {
    written: hints.written,
    pending: hints.pending,

    // Hints are written with their event: their count and age are the backlog (a stale hint
    // is counted until the relay drops it, within a minute).
    backlog: async () => {
      const rows = await Promise.all(
        Array.from({ length: BUCKETS }, async (_, bucket) => {
          const result = await run(
            'SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM outbox_pending WHERE bucket = ?',
            [bucket],
          );
          return result.rows[0];
        }),
      );
      let pending = 0;
      let oldest: Date | null = null;
      for (const row of rows) {
        pending += Number(row?.pending ?? 0);
        if (row?.oldest && (!oldest || row.oldest < oldest)) oldest = row.oldest;
      }
      return { pending, oldest };
    },

    // The flag first, then its hint: a crash in between leaves a hint the next pass drops.
    markPublished: async (messages) => {
      await Promise.all(
        messages.map(async ({ ref }) => {
          const { orderId, occurredAt, eventId } = ref as EventRef;
          await run(
            'UPDATE orders SET published = true WHERE order_id = ? AND occurred_at = ? AND event_id = ?',
            [orderId, occurredAt, eventId],
          );
          await dropHint(orderId, eventId);
        }),
      );
      hints.published(messages);
    },
  };
};
