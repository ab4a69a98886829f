import type {
  IdempotencyKeyStore,
  KeyClaim,
  KeyScope,
  StoredResponse,
} from '@shop/platform/idempotency';
import type cassandra from 'cassandra-driver';

// One operation takes keys here (POST /orders), so the table is keyed by user and key alone.
const WHERE = 'WHERE user_id = ? AND idempotency_key = ?';

const toClaim = (row: cassandra.types.Row): KeyClaim => ({
  requestHash: row.request_hash ?? null,
  resourceId: row.order_id ? row.order_id.toString() : null,
  claimedAt: row.created_at,
  response:
    row.response_status === null || row.response_status === undefined
      ? null
      : { status: row.response_status, body: JSON.parse(row.response_body) },
});

/**
 * Idempotency-Keys of POST /orders, per user, kept 24 h (the table's TTL). Every write is an
 * LWT, so a claim, a take-over and the answer never overwrite each other.
 */
export const createIdempotencyRepository = (client: cassandra.Client): IdempotencyKeyStore => {
  const run = async (query: string, params: unknown[]) =>
    await client.execute(query, params, { prepare: true });
  return {
    claim: async ({ userId, key }: KeyScope, { requestHash, resourceId, now }) => {
      const result = await run(
        `INSERT INTO order_idempotency (user_id, idempotency_key, request_hash, order_id, created_at)
         VALUES (?, ?, ?, ?, ?) IF NOT EXISTS`,
        [userId, key, requestHash, resourceId, now],
      );
      return result.wasApplied() ? null : toClaim(result.first());
    },
    takeOver: async ({ userId, key }, earlier, { resourceId, now }) =>
      (
        await run(
          `UPDATE order_idempotency SET order_id = ?, created_at = ? ${WHERE} IF created_at = ?`,
          [resourceId, now, userId, key, earlier.claimedAt],
        )
      ).wasApplied(),
    complete: async ({ userId, key }, { status, body }: StoredResponse) => {
      await run(
        `UPDATE order_idempotency SET response_status = ?, response_body = ? ${WHERE} IF EXISTS`,
        [status, JSON.stringify(body), userId, key],
      );
    },
    release: async ({ userId, key }) => {
      await run(`DELETE FROM order_idempotency ${WHERE} IF EXISTS`, [userId, key]);
    },
  };
};
