import { enqueueEvents } from '@shop/platform/mysql';
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import { holdsChargeLock, type PaymentChange, type PaymentRecord } from '../domain/model.js';

export const toRecord = (row: RowDataPacket): PaymentRecord => ({
  id: row.id,
  orderId: row.order_id,
  userId: row.user_id,
  amount: Number(row.amount),
  currency: row.currency,
  status: row.status,
  attempt: Number(row.attempt),
  failureReason: row.failure_reason ?? null,
  card: { brand: row.card_brand, last4: row.card_last4 },
  transactionId: row.transaction_id ?? null,
  refundedAmount: Number(row.refunded_amount),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const lockedPayment = async (connection: PoolConnection, paymentId: string) => {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT * FROM payments WHERE id = ? FOR UPDATE',
    [paymentId],
  );
  return rows[0] ? toRecord(rows[0]) : null;
};

/** Every payment of the order, locked (lock order step 3, data/order-lock.ts). */
export const lockedPaymentsOfOrder = async (connection: PoolConnection, orderId: string) => {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT * FROM payments WHERE order_id = ? ORDER BY created_at FOR UPDATE',
    [orderId],
  );
  return rows.map(toRecord);
};

/**
 * Writes what the rules made of a payment whose row the caller's transaction has locked: its
 * settled or refunded state, its refund and its events (outbox), all in the caller's
 * transaction. A payment that no longer holds the charge lock (FAILED) releases it; the lock is
 * only ever taken by startCharge and restartCharge, where the unique key can refuse it. The
 * CHECK on `refunded_amount` stays the last word on the refund arithmetic.
 */
export const writeChange = async (
  connection: PoolConnection,
  { payment, refund, events }: PaymentChange,
) => {
  await connection.execute(
    `UPDATE payments SET status = ?, failure_reason = ?, transaction_id = ?, refunded_amount = ?,
       charge_lock = IF(?, charge_lock, NULL), updated_at = ? WHERE id = ?`,
    [
      payment.status,
      payment.failureReason,
      payment.transactionId,
      payment.refundedAmount,
      holdsChargeLock(payment),
      payment.updatedAt,
      payment.id,
    ],
  );
  if (refund)
    await connection.execute(
      'INSERT INTO refunds (id, payment_id, amount, reason, created_at) VALUES (?, ?, ?, ?, ?)',
      [refund.id, refund.paymentId, refund.amount, refund.reason, refund.createdAt],
    );
  await enqueueEvents(connection, events, payment.updatedAt);
};

/** Whether any of `changes` wrote an event (the relay is woken after such a commit). */
export const wroteEvents = (changes: (PaymentChange | null)[]) =>
  changes.some((change) => (change?.events.length ?? 0) > 0);
