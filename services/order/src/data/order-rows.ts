import { Address, OrderLine, type ShopEvent } from '@shop/contracts';
import { currentTraceparent } from '@shop/platform';
import type cassandra from 'cassandra-driver';
import { z } from 'zod';
import type { OrderRecord } from '../domain/model.js';
import { bucketOf } from './cassandra.js';

/**
 * The rows of an order as the repository writes and reads them, in one place so that whatever
 * else writes orders (tools/bench seeds stored history with them) writes exactly these shapes.
 */

export type Statement = { query: string; params: unknown[] };

export const ORDER_COLUMNS =
  'order_id, user_id, status, items, total_amount, currency, shipping_address, payment_status, payment_id, cancel_reason, stock_committed, payment_attempt, expires_at, created_at, updated_at, version';

export const toOrder = (row: cassandra.types.Row): OrderRecord => ({
  id: row.order_id.toString(),
  userId: row.user_id.toString(),
  status: row.status,
  items: z.array(OrderLine).parse(JSON.parse(row.items)),
  totalAmount: Number(row.total_amount),
  currency: row.currency,
  shippingAddress: row.shipping_address ? Address.parse(JSON.parse(row.shipping_address)) : null,
  paymentStatus: row.payment_status,
  paymentId: row.payment_id ? row.payment_id.toString() : null,
  cancelReason: row.cancel_reason ?? null,
  stockCommitted: row.stock_committed === true,
  paymentAttempt: row.payment_attempt ?? null,
  expiresAt: row.expires_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

/**
 * The order's static columns, with no handled events yet. `ifNotExists` makes it the LWT that
 * creates an order (a second create of the id does not apply); without it a plain insert.
 */
export const orderRow = (order: OrderRecord, { ifNotExists = true } = {}): Statement => ({
  query: `INSERT INTO orders (${ORDER_COLUMNS}, handled_events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {})${ifNotExists ? ' IF NOT EXISTS' : ''}`,
  params: [
    order.id,
    order.userId,
    order.status,
    JSON.stringify(order.items),
    order.totalAmount,
    order.currency,
    order.shippingAddress ? JSON.stringify(order.shippingAddress) : null,
    order.paymentStatus,
    order.paymentId,
    order.cancelReason,
    order.stockCommitted,
    order.paymentAttempt,
    order.expiresAt,
    order.createdAt,
    order.updatedAt,
    order.version,
  ],
});

/**
 * The event's clustering row; `published` false puts it in the outbox, with the `traceparent`
 * of the request or event being handled (unset, not null, otherwise: no tombstone).
 */
export const eventRow = (event: ShopEvent, published: boolean): Statement => ({
  query:
    'INSERT INTO orders (order_id, occurred_at, event_id, event_type, source, payload, published, traceparent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  params: [
    event.orderId,
    new Date(event.occurredAt),
    event.eventId,
    event.type,
    event.source,
    JSON.stringify(event),
    published,
    published ? undefined : currentTraceparent(),
  ],
});

/**
 * The outbox hint of an event, written before its batch: if that fails, the relay finds no
 * event and drops the hint.
 */
export const hintRow = (event: ShopEvent): Statement => ({
  query: 'INSERT INTO outbox_pending (bucket, order_id, event_id, created_at) VALUES (?, ?, ?, ?)',
  params: [bucketOf(event.orderId), event.orderId, event.eventId, new Date()],
});

/** When the order falls due unless paid (the deadline sweeper's index). */
export const deadlineRow = (order: OrderRecord): Statement => ({
  query: 'INSERT INTO order_deadlines (bucket, expires_at, order_id) VALUES (?, ?, ?)',
  params: [bucketOf(order.id), order.expiresAt, order.id],
});

/** The order in the PAID index of the paid-age gauge, since `paidAt`. */
export const paidRow = (orderId: string, paidAt: Date): Statement => ({
  query: 'INSERT INTO orders_paid (bucket, paid_at, order_id) VALUES (?, ?, ?)',
  params: [bucketOf(orderId), paidAt, orderId],
});

/** Takes the order out of the PAID index once it left PAID (`paidAt` as written). */
export const formerPaidRow = (orderId: string, paidAt: Date): Statement => ({
  query: 'DELETE FROM orders_paid WHERE bucket = ? AND paid_at = ? AND order_id = ?',
  params: [bucketOf(orderId), paidAt, orderId],
});

/** The customer's index row: their orders newest first. */
export const userOrderRow = (order: OrderRecord): Statement => ({
  query: 'INSERT INTO orders_by_user (user_id, created_at, order_id) VALUES (?, ?, ?)',
  params: [order.userId, order.createdAt, order.id],
});
