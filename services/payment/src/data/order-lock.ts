import { TransientError } from '@shop/platform';
import { isDuplicateKeyError } from '@shop/platform/mysql';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';

/** What the order's lock row says, read under the lock. */
export interface LockedOrder {
  cancelledAt: Date | null;
}

const DEADLOCK = 1213;
const MAX_ROUNDS = 5;

/** Another transaction created the order's lock row first: go round again and lock it. */
class LockRowRace extends TransientError {
  constructor(orderId: string) {
    super(`the lock row of order ${orderId} was being created by another transaction`);
  }
}

/** Locks the order's row in `payment_orders`, creating it if this is the order's first charge. */
const lockOrder = async (connection: PoolConnection, orderId: string): Promise<LockedOrder> => {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT cancelled_at FROM payment_orders WHERE order_id = ? FOR UPDATE',
    [orderId],
  );
  if (rows[0]) return { cancelledAt: rows[0].cancelled_at ?? null };
  try {
    // The new row is locked by its insert; a concurrent inserter waits, then goes round again.
    await connection.execute('INSERT INTO payment_orders (order_id) VALUES (?)', [orderId]);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new LockRowRace(orderId);
    throw error;
  }
  return { cancelledAt: null };
};

const retryable = (error: unknown) =>
  error instanceof LockRowRace || (error as { errno?: number } | null)?.errno === DEADLOCK;

/**
 * Runs `work` in a transaction that first locks the order's row in `payment_orders`.
 *
 * Lock order, the same in every transaction about an order's charges (starting, restarting,
 * undoing and recording a charge, the OrderCancelled consumer, the reconciler):
 *   1. the order's `payment_orders` row (this function),
 *   2. `processed_events` (the consumer's claim of its event),
 *   3. the order's `payments` rows (`SELECT … FOR UPDATE`),
 *   4. inserts into `refunds` and `outbox`.
 * Whoever holds (1) is alone with the order: a charge being recorded sees a cancellation that
 * committed before it, and a cancellation sees every charge recorded before it, so neither can
 * miss the other and a refund is never lost nor doubled. An admin refund locks only its payment
 * row and never waits for an order row while holding it, so it cannot close a cycle.
 *
 * READ COMMITTED (every session of the pool, data/pool.ts): locking reads see the latest committed rows (no stale snapshot) and take no
 * gap locks, so orders never block each other. A deadlock or a lost race for the lock row is
 * retried a few times; anything else goes to the caller (store errors stay recognisable as
 * transient by `isTransientError`).
 */
export const inOrderTransaction = async <T>(
  pool: Pool,
  orderId: string,
  work: (connection: PoolConnection, order: LockedOrder) => Promise<T>,
): Promise<T> => {
  for (let round = 1; ; round += 1) {
    const connection = await pool.getConnection();
    try {
      await connection.beginTransaction();
      const result = await work(connection, await lockOrder(connection, orderId));
      await connection.commit();
      return result;
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      if (round >= MAX_ROUNDS || !retryable(error)) throw error;
    } finally {
      connection.release();
    }
  }
};
