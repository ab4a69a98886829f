import { claimEvent, withTransaction } from '@shop/platform/mysql';
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { CartChange, CartStore, Checkout, StoredCart } from '../domain/ports.js';

const readCart = async (
  db: Pool | PoolConnection,
  userId: string,
  lock = false,
): Promise<StoredCart> => {
  const [carts] = await db.query<RowDataPacket[]>(
    `SELECT version, updated_at FROM carts WHERE user_id = ?${lock ? ' FOR UPDATE' : ''}`,
    [userId],
  );
  const [lines] = await db.query<RowDataPacket[]>(
    'SELECT item_id, quantity, currency, added_at FROM cart_lines WHERE user_id = ? ORDER BY added_at, item_id',
    [userId],
  );
  return {
    userId,
    version: Number(carts[0]?.version ?? 0),
    updatedAt: carts[0]?.updated_at ?? null,
    lines: lines.map((row) => ({
      itemId: row.item_id,
      quantity: row.quantity,
      currency: row.currency,
      addedAt: row.added_at,
    })),
  };
};

/** Creates the cart row if needed and locks it: every change of one cart runs one at a time. */
const lockCart = async (connection: PoolConnection, userId: string, now: Date) => {
  await connection.execute(
    'INSERT INTO carts (user_id, version, updated_at) VALUES (?, 0, ?) ON DUPLICATE KEY UPDATE user_id = user_id',
    [userId, now],
  );
  return await readCart(connection, userId, true);
};

const bumpVersion = async (connection: PoolConnection, userId: string, now: Date) =>
  await connection.execute(
    'UPDATE carts SET version = version + 1, updated_at = ? WHERE user_id = ?',
    [now, userId],
  );

const applyChange = async (
  connection: PoolConnection,
  userId: string,
  change: CartChange,
  now: Date,
) => {
  if (change.kind === 'set') {
    await connection.execute(
      `INSERT INTO cart_lines (user_id, item_id, quantity, currency, added_at) VALUES (?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE quantity = VALUES(quantity)`,
      [userId, change.itemId, change.quantity, change.currency, now],
    );
  } else if (change.kind === 'remove') {
    await connection.execute('DELETE FROM cart_lines WHERE user_id = ? AND item_id = ?', [
      userId,
      change.itemId,
    ]);
  } else {
    await connection.execute('DELETE FROM cart_lines WHERE user_id = ?', [userId]);
  }
};

/** The open (not yet completed) checkout of an order, locked; null when there is none. */
const lockOpenCheckout = async (
  connection: PoolConnection,
  orderId: string,
): Promise<Checkout | null> => {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT user_id, cart_version, lines_json, created_at FROM checkouts WHERE order_id = ? AND completed_at IS NULL FOR UPDATE',
    [orderId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    orderId,
    userId: row.user_id,
    cartVersion: Number(row.cart_version),
    lines: JSON.parse(row.lines_json),
    createdAt: row.created_at,
  };
};

export const createCartRepository = (pool: Pool): CartStore => ({
  find: async (userId) => await readCart(pool, userId),

  change: async (userId, now, decide) =>
    await withTransaction(pool, async (connection) => {
      const change = decide(await lockCart(connection, userId, now));
      await applyChange(connection, userId, change, now);
      await bumpVersion(connection, userId, now);
      return await readCart(connection, userId);
    }),

  recordCheckout: async ({ orderId, userId, cartVersion, lines, createdAt }) =>
    await withTransaction(pool, async (connection) => {
      // A replayed checkout (same key, same order) finds its row and changes nothing.
      const [inserted] = await connection.execute<ResultSetHeader>(
        'INSERT IGNORE INTO checkouts (order_id, user_id, cart_version, lines_json, created_at) VALUES (?, ?, ?, ?, ?)',
        [orderId, userId, cartVersion, JSON.stringify(lines), createdAt],
      );
      if (inserted.affectedRows === 0) return;
      await connection.execute(
        'UPDATE carts SET version = version + 1, updated_at = ? WHERE user_id = ? AND version = ?',
        [createdAt, userId, cartVersion],
      );
    }),

  completeCheckout: async (orderId, eventId, now, decide) =>
    await withTransaction(pool, async (connection) => {
      if (!(await claimEvent(connection, eventId, now))) return false;
      const checkout = await lockOpenCheckout(connection, orderId);
      if (!checkout) return false;
      const cart = await lockCart(connection, checkout.userId, now);
      for (const change of decide(cart, checkout))
        await applyChange(connection, checkout.userId, change, now);
      await bumpVersion(connection, checkout.userId, now);
      await connection.execute('UPDATE checkouts SET completed_at = ? WHERE order_id = ?', [
        now,
        orderId,
      ]);
      return true;
    }),
});
