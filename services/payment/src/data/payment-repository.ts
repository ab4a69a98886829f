import {
  claimEvent,
  enqueueEvents,
  isDuplicateKeyError,
  withTransaction,
} from '@shop/platform/mysql';
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { type GatewayResult, type PaymentRecord, refundable } from '../domain/model.js';
import type { PaymentStore, RefundEvent, RefundRequest } from '../domain/ports.js';

const toRecord = (row: RowDataPacket): PaymentRecord => ({
  id: row.id,
  orderId: row.order_id,
  userId: row.user_id,
  amount: Number(row.amount),
  currency: row.currency,
  status: row.status,
  failureReason: row.failure_reason ?? null,
  card: { brand: row.card_brand, last4: row.card_last4 },
  transactionId: row.transaction_id ?? null,
  refundedAmount: Number(row.refunded_amount),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const lockedPayment = async (connection: PoolConnection, paymentId: string) => {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT * FROM payments WHERE id = ? FOR UPDATE',
    [paymentId],
  );
  return rows[0] ? toRecord(rows[0]) : null;
};

/** Refunds within the caller's transaction, on a payment row it has locked. */
const refundLocked = async (
  connection: PoolConnection,
  payment: PaymentRecord,
  { refundId, amount, reason }: RefundRequest,
  event: RefundEvent,
  now: Date,
) => {
  const left = refundable(payment);
  const refundAmount = amount ?? left;
  if (left === 0) return { kind: 'nothing-to-refund' as const };
  if (refundAmount > left) return { kind: 'exceeds' as const };
  const refunded = {
    ...payment,
    refundedAmount: payment.refundedAmount + refundAmount,
    updatedAt: now,
  };
  refunded.status = refunded.refundedAmount === payment.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  await connection.execute(
    'INSERT INTO refunds (id, payment_id, amount, reason, created_at) VALUES (?, ?, ?, ?, ?)',
    [refundId, payment.id, refundAmount, reason, now],
  );
  await connection.execute(
    'UPDATE payments SET refunded_amount = ?, status = ?, updated_at = ? WHERE id = ?',
    [refunded.refundedAmount, refunded.status, now, payment.id],
  );
  await enqueueEvents(connection, [event(refunded, refundId, refundAmount, reason)], now);
  return { kind: 'refunded' as const, payment: refunded, refundAmount };
};

/** The payment once the gateway answered. */
const settled = (payment: PaymentRecord, result: GatewayResult, now: Date): PaymentRecord =>
  result.approved
    ? {
        ...payment,
        status: 'SUCCEEDED',
        failureReason: null,
        transactionId: result.transactionId,
        updatedAt: now,
      }
    : {
        ...payment,
        status: 'FAILED',
        failureReason: result.declineReason ?? 'declined',
        transactionId: result.transactionId,
        updatedAt: now,
      };

export const createPaymentRepository = (pool: Pool): PaymentStore => ({
  startCharge: async (payment) => {
    try {
      await pool.execute(
        `INSERT INTO payments (id, order_id, user_id, amount, currency, status, card_brand, card_last4, charge_lock, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'PROCESSING', ?, ?, ?, ?, ?)`,
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
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  },

  restartCharge: async (paymentId, card, now) => {
    try {
      const [result] = await pool.execute<ResultSetHeader>(
        `UPDATE payments SET status = 'PROCESSING', card_brand = ?, card_last4 = ?, failure_reason = NULL,
           charge_lock = order_id, updated_at = ? WHERE id = ? AND status = 'FAILED'`,
        [card.brand, card.last4, now, paymentId],
      );
      return result.affectedRows === 1;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  },

  // The answer and its event in one transaction; a decline releases the order's charge lock.
  finishCharge: async (paymentId, result, event, now) =>
    await withTransaction(pool, async (connection) => {
      const current = await lockedPayment(connection, paymentId);
      if (!current) throw new Error(`payment ${paymentId} vanished`);
      if (current.status !== 'PROCESSING') return current;
      const finished = settled(current, result, now);
      await connection.execute(
        `UPDATE payments SET status = ?, failure_reason = ?, transaction_id = ?, updated_at = ?,
           charge_lock = ${result.approved ? 'charge_lock' : 'NULL'} WHERE id = ?`,
        [finished.status, finished.failureReason, finished.transactionId, now, paymentId],
      );
      await enqueueEvents(connection, [event(finished)], now);
      return finished;
    }),

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

  refund: async (paymentId, request, event, now) =>
    await withTransaction(pool, async (connection) => {
      const payment = await lockedPayment(connection, paymentId);
      if (!payment) return { kind: 'not-found' as const };
      if (payment.status !== 'SUCCEEDED' && payment.status !== 'PARTIALLY_REFUNDED')
        return { kind: 'nothing-to-refund' as const };
      return await refundLocked(connection, payment, request, event, now);
    }),

  // Marking the order cancelled first means a charge still running will see it when it
  // finishes and refund itself; the row locks make the two never both miss each other.
  refundCancelledOrder: async (eventId, orderId, event, now) =>
    await withTransaction(pool, async (connection) => {
      if (!(await claimEvent(connection, eventId, now))) return false;
      await connection.execute(
        'INSERT IGNORE INTO cancelled_orders (order_id, cancelled_at) VALUES (?, ?)',
        [orderId, now],
      );
      const [rows] = await connection.query<RowDataPacket[]>(
        `SELECT * FROM payments WHERE order_id = ? AND status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED') FOR UPDATE`,
        [orderId],
      );
      for (const row of rows) {
        await refundLocked(
          connection,
          toRecord(row),
          { refundId: crypto.randomUUID(), reason: 'order_cancelled' },
          event,
          now,
        );
      }
      return true;
    }),

  isOrderCancelled: async (orderId) => {
    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT 1 FROM cancelled_orders WHERE order_id = ?',
      [orderId],
    );
    return rows.length > 0;
  },

  interruptedCharges: async (before) => {
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT * FROM payments WHERE status = 'PROCESSING' AND updated_at < ? LIMIT 100`,
      [before],
    );
    return rows.map(toRecord);
  },
});
