import { withTransaction } from '@shop/platform/mysql';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { NewRefreshToken, RefreshTokenRepository } from '../domain/ports.js';

const insertToken = async (db: Pool | PoolConnection, token: NewRefreshToken, now: Date) => {
  await db.execute(
    `INSERT INTO refresh_tokens (token_hash, family_id, account_id, status, expires_at, created_at)
     VALUES (?, ?, ?, 'ACTIVE', ?, ?)`,
    [token.tokenHash, token.familyId, token.accountId, token.expiresAt, now],
  );
};

export const createRefreshTokenRepository = (pool: Pool): RefreshTokenRepository => ({
  insert: async (token, now) => await insertToken(pool, token, now),

  // The row lock makes two concurrent refreshes with one token serialise: the second sees
  // ROTATED and is treated as the reuse it is.
  rotate: async (presentedHash, replacement, now) =>
    await withTransaction(pool, async (connection) => {
      const [rows] = await connection.query<RowDataPacket[]>(
        'SELECT family_id, account_id, status, expires_at FROM refresh_tokens WHERE token_hash = ? FOR UPDATE',
        [presentedHash],
      );
      const current = rows[0];
      if (!current) return { kind: 'unknown' as const };
      if (current.status !== 'ACTIVE') {
        await connection.execute(
          `UPDATE refresh_tokens SET status = 'REVOKED' WHERE family_id = ?`,
          [current.family_id],
        );
        return { kind: 'reused' as const };
      }
      if ((current.expires_at as Date) <= now) return { kind: 'expired' as const };
      await connection.execute(
        `UPDATE refresh_tokens SET status = 'ROTATED' WHERE token_hash = ?`,
        [presentedHash],
      );
      await insertToken(
        connection,
        { ...replacement, familyId: current.family_id, accountId: current.account_id },
        now,
      );
      return {
        kind: 'rotated' as const,
        accountId: current.account_id,
        familyId: current.family_id,
      };
    }),

  revokeFamilyOf: async (tokenHash) => {
    await pool.execute(
      `UPDATE refresh_tokens SET status = 'REVOKED'
       WHERE family_id = (SELECT family_id FROM (SELECT family_id FROM refresh_tokens WHERE token_hash = ?) AS t)`,
      [tokenHash],
    );
  },

  revokeAllOf: async (accountId) => {
    await pool.execute(`UPDATE refresh_tokens SET status = 'REVOKED' WHERE account_id = ?`, [
      accountId,
    ]);
  },
});
