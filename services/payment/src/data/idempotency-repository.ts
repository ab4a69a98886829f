import { isDuplicateKeyError } from '@shop/platform/mysql';
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { IdempotencyStore } from '../domain/ports.js';

/** A request still IN_PROGRESS after this long died with its process: a retry may take over. */
const ABANDONED_AFTER_MS = 60_000;

export const createIdempotencyRepository = (pool: Pool): IdempotencyStore => ({
  begin: async ({ userId, scope, key }, requestHash, now) => {
    try {
      await pool.execute(
        `INSERT INTO idempotency_keys (user_id, scope, idem_key, request_hash, state, locked_at, created_at)
         VALUES (?, ?, ?, ?, 'IN_PROGRESS', ?, ?)`,
        [userId, scope, key, requestHash, now, now],
      );
      return { kind: 'new' };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT request_hash, state, response_status, response_body, locked_at FROM idempotency_keys WHERE user_id = ? AND scope = ? AND idem_key = ?',
      [userId, scope, key],
    );
    const row = rows[0];
    if (!row) return { kind: 'in-progress' };
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.state === 'COMPLETED')
      return {
        kind: 'replay',
        status: Number(row.response_status),
        body: JSON.parse(row.response_body),
      };
    // Take over a request whose process died; the conditional update lets only one retry win.
    const [takeover] = await pool.execute<ResultSetHeader>(
      `UPDATE idempotency_keys SET locked_at = ? WHERE user_id = ? AND scope = ? AND idem_key = ? AND state = 'IN_PROGRESS' AND locked_at < ?`,
      [now, userId, scope, key, new Date(now.getTime() - ABANDONED_AFTER_MS)],
    );
    return takeover.affectedRows === 1 ? { kind: 'new' } : { kind: 'in-progress' };
  },

  complete: async ({ userId, scope, key }, status, body) => {
    await pool.execute(
      `UPDATE idempotency_keys SET state = 'COMPLETED', response_status = ?, response_body = ? WHERE user_id = ? AND scope = ? AND idem_key = ?`,
      [status, JSON.stringify(body), userId, scope, key],
    );
  },

  abandon: async ({ userId, scope, key }) => {
    await pool.execute(
      `DELETE FROM idempotency_keys WHERE user_id = ? AND scope = ? AND idem_key = ? AND state = 'IN_PROGRESS'`,
      [userId, scope, key],
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
