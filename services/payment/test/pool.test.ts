import { createMysqlPool } from '@shop/platform/mysql';
import type { Pool } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { usePaymentStore } from './store.js';

const store = usePaymentStore();

const countLockRows = async (db: Pick<Pool, 'query'>, orderId: string) => {
  const [rows] = await db.query('SELECT COUNT(*) AS n FROM payment_orders WHERE order_id = ?', [
    orderId,
  ]);
  return Number((rows as { n: number }[])[0]?.n);
};

/** A transaction reads, another session commits a row, the transaction reads again. */
const secondReadInOneTransaction = async (pool: Pool) => {
  const orderId = crypto.randomUUID();
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    const before = await countLockRows(connection, orderId);
    await store.pool.execute('INSERT INTO payment_orders (order_id) VALUES (?)', [orderId]);
    const after = await countLockRows(connection, orderId);
    await connection.commit();
    return { before, after };
  } finally {
    connection.release();
  }
};

describe('the payments pool', () => {
  it('when a transaction reads again after another session committed, then it sees the new row (READ COMMITTED on every connection, no SET per transaction)', async () => {
    expect(await secondReadInOneTransaction(store.pool)).toEqual({ before: 0, after: 1 });
  });

  it("when a pool is made without it, then the server's REPEATABLE READ keeps the first snapshot (what the check above tells apart)", async () => {
    const plain = createMysqlPool({ ...store.config, connectionLimit: 2 });
    try {
      expect(await secondReadInOneTransaction(plain)).toEqual({ before: 0, after: 0 });
    } finally {
      await plain.end();
    }
  });
});
