import { EVENT_TOPIC, type ShopEvent } from '@shop/contracts';
import { type OutboxMessage, type OutboxStore, toOutboxMessage } from '@shop/platform/kafka';
import type cassandra from 'cassandra-driver';
import { BUCKETS, bucketOf } from './cassandra.js';

/** A hint whose event never appeared is dropped after this long (its batch did not apply). */
const ORPHAN_HINT_MS = 60_000;

interface EventRef {
  orderId: string;
  occurredAt: Date;
  eventId: string;
}

/**
 * The outbox of orders_keyspace: events are clustering rows of their order's partition with
 * `published = false`, written in the same LWT batch as the state change; `outbox_pending`
 * hints say which partitions to look at, so the relay never scans the table.
 */
export const cassandraOutbox = (client: cassandra.Client): OutboxStore => {
  const run = async (query: string, params: unknown[]) =>
    await client.execute(query, params, { prepare: true });
  const dropHint = async (orderId: string, eventId: string) =>
    await run('DELETE FROM outbox_pending WHERE bucket = ? AND order_id = ? AND event_id = ?', [
      bucketOf(orderId),
      orderId,
      eventId,
    ]);

  const unpublishedOf = async (orderId: string, hints: { eventId: string; createdAt: Date }[]) => {
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

  return {
    pending: async (limit) => {
      const hintsByOrder = new Map<string, { eventId: string; createdAt: Date }[]>();
      for (let bucket = 0; bucket < BUCKETS && hintsByOrder.size < limit; bucket += 1) {
        const result = await run(
          'SELECT order_id, event_id, created_at FROM outbox_pending WHERE bucket = ? LIMIT ?',
          [bucket, limit],
        );
        for (const row of result.rows) {
          const orderId = row.order_id.toString();
          hintsByOrder.set(orderId, [
            ...(hintsByOrder.get(orderId) ?? []),
            { eventId: row.event_id.toString(), createdAt: row.created_at },
          ]);
        }
      }
      const messages: OutboxMessage[] = [];
      for (const [orderId, hints] of hintsByOrder)
        messages.push(...(await unpublishedOf(orderId, hints)));
      return messages;
    },

    // Hints are written with their event: their count and age are the backlog (a stale hint
    // is counted until the relay drops it, within a minute).
    backlog: async () => {
      let pending = 0;
      let oldest: Date | null = null;
      for (let bucket = 0; bucket < BUCKETS; bucket += 1) {
        const [row] = (
          await run(
            'SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM outbox_pending WHERE bucket = ?',
            [bucket],
          )
        ).rows;
        pending += Number(row?.pending ?? 0);
        if (row?.oldest && (!oldest || row.oldest < oldest)) oldest = row.oldest;
      }
      return { pending, oldest };
    },

    markPublished: async (messages) => {
      for (const { ref } of messages) {
        const { orderId, occurredAt, eventId } = ref as EventRef;
        await run(
          'UPDATE orders SET published = true WHERE order_id = ? AND occurred_at = ? AND event_id = ?',
          [orderId, occurredAt, eventId],
        );
        await dropHint(orderId, eventId);
      }
    },
  };
};
