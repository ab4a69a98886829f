import { enqueueEvents } from '@shop/platform/mysql';
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import { type GatewayResult, type PaymentRecord, refundable } from '../domain/model.js';
import type { RefundEvent, RefundRequest } from '../domain/ports.js';

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

/** Refunds within the caller's transaction, on a payment row it has locked. */
export const refundLocked = async (
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

/** A full refund because the order was cancelled. */
export const refundForCancellation = async (
  connection: PoolConnection,
  payment: PaymentRecord,
  event: RefundEvent,
  now: Date,
) =>
  await refundLocked(
    connection,
    payment,
    { refundId: crypto.randomUUID(), reason: 'order_cancelled' },
    event,
    now,
  );

/**
 * Inside an order's transaction (its lock row held): refunds what every successful charge of the
 * order still holds. The status filter under the row locks makes a second pass find nothing.
 */
export const refundOrderCharges = async (
  connection: PoolConnection,
  orderId: string,
  event: RefundEvent,
  now: Date,
) => {
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT * FROM payments WHERE order_id = ? AND status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED') FOR UPDATE`,
    [orderId],
  );
  let refunds = 0;
  for (const row of rows) {
    const outcome = await refundForCancellation(connection, toRecord(row), event, now);
    if (outcome.kind === 'refunded') refunds += 1;
  }
  return refunds;
};

/** The payment once the gateway answered. */
export const settled = (payment: PaymentRecord, result: GatewayResult, now: Date): PaymentRecord =>
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
