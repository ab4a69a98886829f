import { enqueueEvents, isDuplicateKeyError } from '@shop/platform/mysql';
import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { holdsChargeLock, type PaymentChange, type PaymentRecord } from '../domain/model.js';

/** MySQL hands a JSON column back parsed; MariaDB (JSON is LONGTEXT there) as text. */
const gatewayResponseOf = (value: unknown): Record<string, unknown> | null => {
  if (value === null || value === undefined) return null;
  const parsed = typeof value === 'string' ? JSON.parse(value) : value;
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
};

const gatewayResponseColumn = (payment: PaymentRecord) =>
  payment.gatewayResponse === null ? null : JSON.stringify(payment.gatewayResponse);

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
  gatewayResponse: gatewayResponseOf(row.gateway_response),
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

/** Runs a statement that may hit the order's charge lock (unique key): false if it did. */
const unlessChargeLocked = async (statement: () => Promise<boolean>) => {
  try {
    return await statement();
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
};

/** The PROCESSING row of attempt 1, taking the order's charge lock; false if it is taken. */
export const insertProcessing = async (connection: PoolConnection, payment: PaymentRecord) =>
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

/** `previous` → `next` only if the row is still `previous` (FAILED, that attempt). */
export const updateRestarted = async (
  connection: PoolConnection,
  previous: PaymentRecord,
  next: PaymentRecord,
) =>
  await unlessChargeLocked(async () => {
    const [result] = await connection.execute<ResultSetHeader>(
      `UPDATE payments SET status = ?, attempt = ?, card_brand = ?, card_last4 = ?,
         failure_reason = ?, gateway_response = NULL, charge_lock = order_id, updated_at = ?
       WHERE id = ? AND status = 'FAILED' AND attempt = ?`,
      [
        next.status,
        next.attempt,
        next.card.brand,
        next.card.last4,
        next.failureReason,
        next.updatedAt,
        previous.id,
        previous.attempt,
      ],
    );
    return result.affectedRows === 1;
  });

/** Undoes a start the gateway never heard of: attempt 1 deleted, a retry back to `previous`. */
export const undoStart = async (
  connection: PoolConnection,
  { paymentId, attempt }: { paymentId: string; attempt: number },
  previous: PaymentRecord | null,
) => {
  if (!previous) {
    await connection.execute(
      `DELETE FROM payments WHERE id = ? AND status = 'PROCESSING' AND attempt = ?`,
      [paymentId, attempt],
    );
    return;
  }
  await connection.execute(
    `UPDATE payments SET status = 'FAILED', attempt = ?, card_brand = ?, card_last4 = ?, failure_reason = ?,
       transaction_id = ?, gateway_response = ?, charge_lock = NULL, updated_at = ?
     WHERE id = ? AND status = 'PROCESSING' AND attempt = ?`,
    [
      previous.attempt,
      previous.card.brand,
      previous.card.last4,
      previous.failureReason,
      previous.transactionId,
      gatewayResponseColumn(previous),
      previous.updatedAt,
      paymentId,
      attempt,
    ],
  );
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
    `UPDATE payments SET status = ?, failure_reason = ?, transaction_id = ?, gateway_response = ?,
       refunded_amount = ?, charge_lock = IF(?, charge_lock, NULL), updated_at = ? WHERE id = ?`,
    [
      payment.status,
      payment.failureReason,
      payment.transactionId,
      gatewayResponseColumn(payment),
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
