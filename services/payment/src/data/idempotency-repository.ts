import type { KeyClaim, KeyScope, StoredResponse } from '@shop/platform/idempotency';
import { isDuplicateKeyError } from '@shop/platform/mysql';
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { IdempotencyStore } from '../domain/ports.js';

const WHERE = 'WHERE user_id = ? AND scope = ? AND idem_key = ?';
const keyOf = ({ userId, scope, key }: KeyScope) => [userId, scope, key];

const toClaim = (row: RowDataPacket): KeyClaim => ({
  requestHash: row.request_hash ?? null,
  resourceId: row.resource_id ?? null,
  claimedAt: row.locked_at,
  response:
    row.state === 'COMPLETED'
      ? { status: Number(row.response_status), body: JSON.parse(row.response_body) }
      : null,
});

/** Idempotency-Keys in payments_db: the claim is a unique insert, the take-over a guarded update. */
export const createIdempotencyRepository = (pool: Pool): IdempotencyStore => ({
  claim: async (scope, { requestHash, resourceId, now }) => {
    try {
      await pool.execute(
        `INSERT INTO idempotency_keys (user_id, scope, idem_key, request_hash, resource_id, state, locked_at, created_at)
         VALUES (?, ?, ?, ?, ?, 'IN_PROGRESS', ?, ?)`,
        [...keyOf(scope), requestHash, resourceId, now, now],
      );
      return null;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT request_hash, resource_id, state, response_status, response_body, locked_at FROM idempotency_keys ${WHERE}`,
      keyOf(scope),
    );
    // Purged between the insert and the read: as good as claimed by a request still running.
    return rows[0]
      ? toClaim(rows[0])
      : { requestHash: null, resourceId: null, claimedAt: now, response: null };
  },

  takeOver: async (scope, earlier, { resourceId, now }) => {
    const [result] = await pool.execute<ResultSetHeader>(
      `UPDATE idempotency_keys SET locked_at = ?, resource_id = ? ${WHERE} AND state = 'IN_PROGRESS' AND locked_at = ?`,
      [now, resourceId, ...keyOf(scope), earlier.claimedAt],
    );
    return result.affectedRows === 1;
  },

  complete: async (scope, { status, body }: StoredResponse) => {
    await pool.execute(
      `UPDATE idempotency_keys SET state = 'COMPLETED', response_status = ?, response_body = ? ${WHERE}`,
      [status, JSON.stringify(body), ...keyOf(scope)],
    );
  },

  release: async (scope) => {
    await pool.execute(
      `DELETE FROM idempotency_keys ${WHERE} AND state = 'IN_PROGRESS'`,
      keyOf(scope),
    );
  },

  purge: async (before) => {
    const [result] = await pool.execute<ResultSetHeader>(
      'DELETE FROM idempotency_keys WHERE created_at < ? LIMIT 1000',
      [before],
    );
    return result.affectedRows;
  },
});
