import { claimEvent, withTransaction } from '@shop/platform/mysql';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { OrderChange, PaymentChange } from '../domain/model.js';
import type { PaymentStore } from '../domain/ports.js';
import { inOrderTransaction, type LockedOrder } from './order-lock.js';
import { listPaymentsPage } from './payment-listing.js';
import {
  insertProcessing,
  lockedPayment,
  lockedPaymentsOfOrder,
  toRecord,
  undoStart,
  updateRestarted,
  writeChange,
  wroteEvents,
} from './payment-rows.js';

export interface PaymentRepositoryOptions {
  /** The outbox relay's wake: called after a commit that wrote events, so they go out at once. */
  wakeOutbox?: () => void;
}

/** Writes the order's new state and its charges' changes, in the caller's transaction. */
const writeOrderChange = async (
  connection: PoolConnection,
  orderId: string,
  locked: LockedOrder,
  { order, changes }: OrderChange,
) => {
  if (order.cancelledAt?.getTime() !== locked.cancelledAt?.getTime())
    await connection.execute('UPDATE payment_orders SET cancelled_at = ? WHERE order_id = ?', [
      order.cancelledAt,
      orderId,
    ]);
  for (const change of changes) await writeChange(connection, change);
};

/**
 * payments_db: reads, locks and writes; what is written is decided by the rules passed in
 * (domain/settlement.ts, domain/refunds.ts), inside the transaction, from the locked rows.
 */
export const createPaymentRepository = (
  pool: Pool,
  { wakeOutbox = () => undefined }: PaymentRepositoryOptions = {},
): PaymentStore => {
  /** After the commit: wakes the relay if the transaction wrote events. */
  const committed = <T>(result: T, changes: (PaymentChange | null)[]) => {
    if (wroteEvents(changes)) wakeOutbox();
    return result;
  };

  return {
    startCharge: async (payment) =>
      await inOrderTransaction(
        pool,
        payment.orderId,
        async (connection) => await insertProcessing(connection, payment),
      ),

    restartCharge: async (previous, next) =>
      await inOrderTransaction(
        pool,
        previous.orderId,
        async (connection) => await updateRestarted(connection, previous, next),
      ),

    abandonCharge: async (charge, previous) => {
      await inOrderTransaction(
        pool,
        charge.orderId,
        async (connection) => await undoStart(connection, charge, previous),
      );
    },

    // The answer, its event and (on a cancelled order) the refund in one transaction under the
    // order's lock: no step between two writes can lose the refund.
    recordCharge: async (charge, decide) => {
      const { payment, change } = await inOrderTransaction(
        pool,
        charge.orderId,
        async (connection, order) => {
          const current = await lockedPayment(connection, charge.paymentId);
          if (!current) throw new Error(`payment ${charge.paymentId} vanished`);
          const decided = decide(current, order);
          if (decided) await writeChange(connection, decided);
          return { payment: decided?.payment ?? current, change: decided };
        },
      );
      return committed(payment, [change]);
    },

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

    listPage: async (filter, limit, after) => await listPaymentsPage(pool, filter, limit, after),

    // One payment row only: an ADMIN refund needs no order lock (see data/order-lock.ts).
    refund: async (paymentId, decide) => {
      const decision = await withTransaction(pool, async (connection) => {
        const payment = await lockedPayment(connection, paymentId);
        if (!payment) return { kind: 'not-found' as const };
        const decided = decide(payment);
        if (decided.kind === 'refunded') await writeChange(connection, decided.change);
        return decided;
      });
      return committed(decision, [decision.kind === 'refunded' ? decision.change : null]);
    },

    // Under the order's lock: a charge recorded before this is among the locked charges; a
    // charge recorded after it finds the order's new state and follows it in its own transaction.
    updateOrder: async (orderId, decide, eventId) => {
      const change = await inOrderTransaction(pool, orderId, async (connection, order) => {
        if (eventId && !(await claimEvent(connection, eventId))) return null;
        const decided = decide(order, await lockedPaymentsOfOrder(connection, orderId));
        await writeOrderChange(connection, orderId, order, decided);
        return decided;
      });
      return committed(change, change?.changes ?? []);
    },

    cancelledOrdersWithCharges: async (limit) => {
      const [rows] = await pool.query<RowDataPacket[]>(
        `SELECT DISTINCT p.order_id FROM payments p JOIN payment_orders o ON o.order_id = p.order_id
         WHERE o.cancelled_at IS NOT NULL AND p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED') LIMIT ?`,
        [limit],
      );
      return rows.map((row) => row.order_id as string);
    },

    interruptedCharges: async (before) => {
      const [rows] = await pool.query<RowDataPacket[]>(
        `SELECT * FROM payments WHERE status = 'PROCESSING' AND updated_at < ? ORDER BY updated_at LIMIT 100`,
        [before],
      );
      return rows.map(toRecord);
    },
  };
};
