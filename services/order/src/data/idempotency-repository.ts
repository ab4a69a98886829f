import type cassandra from 'cassandra-driver';
import type { IdempotencyStore } from '../domain/ports.js';

/** Idempotency-Key → order, per user, kept 24 h (table TTL); the claim is an LWT. */
export const createIdempotencyRepository = (client: cassandra.Client): IdempotencyStore => ({
  claim: async (userId, key, requestHash, orderId) => {
    const result = await client.execute(
      `INSERT INTO order_idempotency (user_id, idempotency_key, request_hash, order_id, created_at)
       VALUES (?, ?, ?, ?, ?) IF NOT EXISTS`,
      [userId, key, requestHash, orderId, new Date()],
      { prepare: true },
    );
    if (result.wasApplied()) return null;
    const row = result.first();
    return {
      orderId: row.order_id.toString(),
      requestHash: row.request_hash,
      claimedAt: row.created_at,
    };
  },
  takeOver: async (userId, key, from, to) => {
    const result = await client.execute(
      'UPDATE order_idempotency SET order_id = ?, created_at = ? WHERE user_id = ? AND idempotency_key = ? IF order_id = ?',
      [to, new Date(), userId, key, from],
      { prepare: true },
    );
    return result.wasApplied();
  },
  release: async (userId, key) => {
    await client.execute(
      'DELETE FROM order_idempotency WHERE user_id = ? AND idempotency_key = ? IF EXISTS',
      [userId, key],
      {
        prepare: true,
      },
    );
  },
});
