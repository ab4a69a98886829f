import {
  claimEvent,
  enqueueEvents,
  isDuplicateKeyError,
  withTransaction,
} from '@shop/platform/mysql';
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { ChargeAttempt, GatewayResult, PaymentRecord } from '../domain/model.js';
import type { ChargeEvents, PaymentStore } from '../domain/ports.js';
import { inOrderTransaction, type LockedOrder } from './order-lock.js';
import {
  lockedPayment,
  refundForCancellation,
  refundLocked,
  refundOrderCharges,
  settled,
  toRecord,
} from './payment-rows.js';

/** Runs a statement that may hit the order's charge lock (unique key): false if it did. */
const unlessChargeLocked = async (statement: () => Promise<boolean>) => {
  try {
    return await statement();
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
};

const insertProcessing = async (connection: PoolConnection, payment: PaymentRecord) =>
  await unlessChargeLocked(async () => {
    await connection.execute(
      `INSERT INTO payments (id, order_id, user_id, amount, currency, status, attempt, card_brand, card_last4, charge_lock, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'PROCESSING', 1, ?, ?, ?, ?, ?)`,
      [
        payment.id,
        payment.orderId,
        payment.userId,
        payment.amount,
        payment.currency,
        payment.card.brand,
        payment.card.last4,
        payment.orderId,
        payment.createdAt,
        payment.updatedAt,
      ],
    );
    return true;
  });

/**
 * Applies the gateway's answer to a payment still PROCESSING this attempt (else returns it as it
 * is: another process recorded it first). A decline frees the order's charge lock; an approval on
 * an order known cancelled is refunded at once, in the caller's transaction.
 */
const recordLocked = async (
  connection: PoolConnection,
  order: LockedOrder,
  {
    charge,
    result,
    events,
    now,
  }: { charge: ChargeAttempt; result: GatewayResult; events: ChargeEvents; now: Date },
) => {
  const current = await lockedPayment(connection, charge.paymentId);
  if (!current) throw new Error(`payment ${charge.paymentId} vanished`);
  if (current.status !== 'PROCESSING' || current.attempt !== charge.attempt) return current;
  const finished = settled(current, result, now);
  await connection.execute(
    `UPDATE payments SET status = ?, failure_reason = ?, transaction_id = ?, updated_at = ?,
       charge_lock = ${result.approved ? 'charge_lock' : 'NULL'} WHERE id = ?`,
    [finished.status, finished.failureReason, finished.transactionId, now, charge.paymentId],
  );
  await enqueueEvents(connection, [events.result(finished)], now);
  if (finished.status !== 'SUCCEEDED' || !order.cancelledAt) return finished;
  const refund = await refundForCancellation(connection, finished, events.refunded, now);
  return refund.kind === 'refunded' ? refund.payment : finished;
};

export const createPaymentRepository = (pool: Pool): PaymentStore => ({
  startCharge: async (payment) =>
    await inOrderTransaction(
      pool,
      payment.orderId,
      async (connection) => await insertProcessing(connection, payment),
    ),

  restartCharge: async (payment, card, now) =>
    await inOrderTransaction(pool, payment.orderId, async (connection) => {
      const restarted = await unlessChargeLocked(async () => {
        const [result] = await connection.execute<ResultSetHeader>(
          `UPDATE payments SET status = 'PROCESSING', attempt = attempt + 1, card_brand = ?, card_last4 = ?,
             failure_reason = NULL, charge_lock = order_id, updated_at = ?
           WHERE id = ? AND status = 'FAILED' AND attempt = ?`,
          [card.brand, card.last4, now, payment.id, payment.attempt],
        );
        return result.affectedRows === 1;
      });
      if (!restarted) return null;
      return {
        ...payment,
        status: 'PROCESSING' as const,
        attempt: payment.attempt + 1,
        card,
        failureReason: null,
        updatedAt: now,
      };
    }),

  abandonCharge: async (charge, previous) => {
    await inOrderTransaction(pool, charge.orderId, async (connection) => {
      if (!previous) {
        await connection.execute(
          `DELETE FROM payments WHERE id = ? AND status = 'PROCESSING' AND attempt = ?`,
          [charge.paymentId, charge.attempt],
        );
        return;
      }
      await connection.execute(
        `UPDATE payments SET status = 'FAILED', attempt = ?, card_brand = ?, card_last4 = ?, failure_reason = ?,
           transaction_id = ?, charge_lock = NULL, updated_at = ?
         WHERE id = ? AND status = 'PROCESSING' AND attempt = ?`,
        [
          previous.attempt,
          previous.card.brand,
          previous.card.last4,
          previous.failureReason,
          previous.transactionId,
          previous.updatedAt,
          charge.paymentId,
          charge.attempt,
        ],
      );
    });
  },

  // The answer, its event and (on a cancelled order) the refund in one transaction under the
  // order's lock: no step between two writes can lose the refund.
  recordCharge: async (charge, result, events, now) =>
    await inOrderTransaction(
      pool,
      charge.orderId,
      async (connection, order) =>
        await recordLocked(connection, order, { charge, result, events, now }),
    ),

  find: async (paymentId) => {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM payments WHERE id = ?', [
      paymentId,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  },

  listByOrder: async (orderId) => {
    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT * FROM payments WHERE order_id = ? ORDER BY created_at DESC',
      [orderId],
    );
    return rows.map(toRecord);
  },

  // One payment row only: an ADMIN refund needs no order lock (see data/order-lock.ts).
  refund: async (paymentId, request, event, now) =>
    await withTransaction(pool, async (connection) => {
      const payment = await lockedPayment(connection, paymentId);
      if (!payment) return { kind: 'not-found' as const };
      if (payment.status !== 'SUCCEEDED' && payment.status !== 'PARTIALLY_REFUNDED')
        return { kind: 'nothing-to-refund' as const };
      return await refundLocked(connection, payment, request, event, now);
    }),

  // Under the order's lock: a charge recorded before this sees nothing and is refunded here; a
  // charge recorded after it finds `cancelled_at` and refunds itself in its own transaction.
  refundCancelledOrder: async (eventId, orderId, event, now) =>
    await inOrderTransaction(pool, orderId, async (connection, order) => {
      if (!(await claimEvent(connection, eventId, now))) return false;
      if (!order.cancelledAt)
        await connection.execute('UPDATE payment_orders SET cancelled_at = ? WHERE order_id = ?', [
          now,
          orderId,
        ]);
      await refundOrderCharges(connection, orderId, event, now);
      return true;
    }),

  cancelledOrdersWithCharges: async (limit) => {
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT DISTINCT p.order_id FROM payments p JOIN payment_orders o ON o.order_id = p.order_id
       WHERE o.cancelled_at IS NOT NULL AND p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED') LIMIT ?`,
      [limit],
    );
    return rows.map((row) => row.order_id as string);
  },

  refundChargesOfCancelledOrder: async (orderId, event, now) =>
    await inOrderTransaction(pool, orderId, async (connection, order) =>
      order.cancelledAt ? await refundOrderCharges(connection, orderId, event, now) : 0,
    ),

  interruptedCharges: async (before) => {
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT * FROM payments WHERE status = 'PROCESSING' AND updated_at < ? ORDER BY updated_at LIMIT 100`,
      [before],
    );
    return rows.map(toRecord);
  },
});
