import type { ShopEvent } from '@shop/contracts';
import { InvalidCursorError, isTransientError } from '@shop/platform';
import type cassandra from 'cassandra-driver';
import type { OrderRecord, OrderUpdate, TimelineEntry } from '../domain/model.js';
import type { OrderStore } from '../domain/ports.js';
import { BUCKETS, bucketOf } from './cassandra.js';
import {
  formerStatusRow,
  listEveryone,
  listingRowsOfNew,
  statusRow,
  statusWriteTime,
} from './order-listing.js';
import {
  deadlineRow,
  eventRow,
  formerPaidRow,
  hintRow,
  ORDER_COLUMNS,
  orderRow,
  paidRow,
  type Statement,
  toOrder,
  userOrderRow,
} from './order-rows.js';
import type { CassandraOutbox } from './outbox-store.js';

/**
 * The orders of orders_keyspace. After a write with events it tells the outbox which partition
 * to read (`written`) and wakes the relay (`wakeRelay`), so the events are published at once;
 * after creating an order it tells the deadline sweeper when the order falls due (`deadlineAt`).
 */
export const createOrderRepository = (
  client: cassandra.Client,
  outbox: Pick<CassandraOutbox, 'written'>,
  wakeRelay: () => void,
  deadlineAt: (expiresAt: Date) => void = () => undefined,
): OrderStore => {
  const eventsWritten = (orderId: string) => {
    outbox.written(orderId);
    wakeRelay();
  };
  const run = async (query: string, params: unknown[] = []) =>
    await client.execute(query, params, { prepare: true });

  /**
   * Rows of other tables, sent as one request: an unlogged batch, which is only a way to send
   * them together (no batchlog, nothing atomic); each may land without the others, as when sent
   * one by one, and every caller below is written for that.
   */
  const writeTogether = async (statements: Statement[]) => {
    const [first, ...others] = statements;
    if (!first) return;
    if (others.length === 0) await run(first.query, first.params);
    else await client.batch(statements, { prepare: true, logged: false });
  };

  // The status indexes (the shop-wide listing by status, and the PAID index of the gauge): the
  // new status's rows go before the batch, like the hints, and the former status's rows are
  // deleted after it. A crash in between, or a batch that did not apply, leaves a row under a
  // status the order does not have: the listing drops it when it reads the order and the
  // gauge's refresh deletes it, so neither ever misses an order that has the status.
  const newStatusRows = (
    order: OrderRecord,
    status: OrderRecord['status'],
    writtenAt: ReturnType<typeof statusWriteTime>,
    now: Date,
  ): Statement[] => {
    if (status === order.status) return [];
    return [
      statusRow(order, status, writtenAt),
      ...(status === 'PAID' ? [paidRow(order.id, now)] : []),
    ];
  };
  // The change is made: a failed deletion only leaves a row the listing drops and the refresh
  // deletes, so it never fails the change. The PAID row was written at that update's `updated_at`.
  const unindexFormerStatus = async (
    order: OrderRecord,
    status: OrderRecord['status'],
    writtenAt: ReturnType<typeof statusWriteTime>,
  ) => {
    if (status === order.status) return;
    await writeTogether([
      formerStatusRow(order, order.status, writtenAt),
      ...(order.status === 'PAID' ? [formerPaidRow(order.id, order.updatedAt)] : []),
    ]).catch(() => undefined);
  };

  return {
    // The user's index row, the shop-wide rows and the deadline go first, with the outbox hint:
    // after a crash or a batch that did not apply, the listings skip an id without an order and
    // the sweeper clears its deadline. Written after the batch, a crash in between would leave
    // an order no listing shows and no deadline ever cancels.
    create: async (order, event) => {
      await writeTogether([
        hintRow(event),
        userOrderRow(order),
        ...listingRowsOfNew(order),
        deadlineRow(order),
      ]);
      const result = await client.batch([orderRow(order), eventRow(event, false)], {
        prepare: true,
      });
      if (!result.wasApplied()) return false;
      eventsWritten(order.id);
      deadlineAt(order.expiresAt);
      return true;
    },

    find: async (orderId) => {
      const row = (
        await run(`SELECT ${ORDER_COLUMNS} FROM orders WHERE order_id = ? LIMIT 1`, [orderId])
      ).first();
      return row?.status ? toOrder(row) : null;
    },

    update: async (order, { expectedVersion, changes, events, cause, now }: OrderUpdate) => {
      const next = { ...order, ...changes };
      const writtenAt = statusWriteTime(now, expectedVersion + 1);
      await writeTogether([
        ...events.map(hintRow),
        ...newStatusRows(order, next.status, writtenAt, now),
      ]);
      const foreignCause = cause && cause.source !== 'order-service' ? [eventRow(cause, true)] : [];
      const result = await client.batch(
        [
          {
            query: `UPDATE orders SET status = ?, items = ?, total_amount = ?, payment_status = ?, payment_id = ?,
              cancel_reason = ?, stock_committed = ?, payment_attempt = ?, updated_at = ?, version = ?, handled_events = handled_events + ?
              WHERE order_id = ? IF version = ?`,
            params: [
              next.status,
              JSON.stringify(next.items),
              next.totalAmount,
              next.paymentStatus,
              next.paymentId,
              next.cancelReason,
              next.stockCommitted,
              next.paymentAttempt,
              now,
              expectedVersion + 1,
              cause ? [cause.eventId] : [],
              order.id,
              expectedVersion,
            ],
          },
          ...events.map((event) => eventRow(event, false)),
          ...foreignCause,
        ],
        { prepare: true },
      );
      if (!result.wasApplied()) return false;
      if (events.length > 0) eventsWritten(order.id);
      await unindexFormerStatus(order, next.status, writtenAt);
      return true;
    },

    findForEvent: async (orderId, eventId) => {
      const row = (
        await run(
          `SELECT ${ORDER_COLUMNS}, handled_events FROM orders WHERE order_id = ? LIMIT 1`,
          [orderId],
        )
      ).first();
      if (!row?.status) return null;
      const handled = ((row.handled_events ?? []) as cassandra.types.Uuid[]).some(
        (id) => id.toString() === eventId,
      );
      return { order: toOrder(row), handled };
    },

    recordForeignEvent: async (event) => {
      const { query, params } = eventRow(event, true);
      await run(query, params);
    },

    timeline: async (orderId) => {
      const result = await run(
        'SELECT occurred_at, event_id, event_type, source, payload FROM orders WHERE order_id = ?',
        [orderId],
      );
      return result.rows
        .filter((row) => row.event_id)
        .map(
          (row): TimelineEntry => ({
            eventId: row.event_id.toString(),
            type: row.event_type,
            source: row.source,
            occurredAt: row.occurred_at,
            data: (JSON.parse(row.payload) as ShopEvent).data,
          }),
        );
    },

    listByUser: async (userId, limit, cursor) => {
      try {
        const result = await client.execute(
          'SELECT order_id FROM orders_by_user WHERE user_id = ?',
          [userId],
          { prepare: true, fetchSize: limit, ...(cursor ? { pageState: cursor } : {}) },
        );
        return {
          ids: result.rows.map((row) => row.order_id.toString()),
          cursor: result.pageState ?? null,
        };
      } catch (error) {
        // Cassandra refuses a paging state it did not make; an outage stays an outage (503).
        if (cursor && !isTransientError(error)) throw new InvalidCursorError({ cause: error });
        throw error;
      }
    },

    listEveryone: async (query) => {
      try {
        return await listEveryone(client, query);
      } catch (error) {
        // As above: a cursor the store refuses is the caller's; an outage stays an outage (503).
        if (query.after && !isTransientError(error)) throw new InvalidCursorError({ cause: error });
        throw error;
      }
    },

    dueDeadlines: async (now, limit) => {
      const due: { orderId: string; expiresAt: Date }[] = [];
      for (let bucket = 0; bucket < BUCKETS; bucket += 1) {
        const result = await run(
          'SELECT order_id, expires_at FROM order_deadlines WHERE bucket = ? AND expires_at <= ? LIMIT ?',
          [bucket, now, limit],
        );
        due.push(
          ...result.rows.map((row) => ({
            orderId: row.order_id.toString(),
            expiresAt: row.expires_at as Date,
          })),
        );
      }
      return due;
    },

    clearDeadline: async (orderId, expiresAt) => {
      await run(
        'DELETE FROM order_deadlines WHERE bucket = ? AND expires_at = ? AND order_id = ?',
        [bucketOf(orderId), expiresAt, orderId],
      );
    },

    paidIndex: async (limit) =>
      await Promise.all(
        Array.from({ length: BUCKETS }, async (_, bucket) => {
          const result = await run(
            'SELECT order_id, paid_at FROM orders_paid WHERE bucket = ? LIMIT ?',
            [bucket, limit],
          );
          return result.rows.map((row) => ({
            orderId: row.order_id.toString(),
            paidAt: row.paid_at as Date,
          }));
        }),
      ),

    clearPaid: async (orderId, paidAt) => {
      const { query, params } = formerPaidRow(orderId, paidAt);
      await run(query, params);
    },
  };
};
