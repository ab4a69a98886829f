import { withTransaction } from '@shop/platform/mysql';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { NewRefreshToken, RefreshTokenRepository } from '../domain/ports.js';
import type { StoredRefreshToken } from '../domain/refresh-tokens.js';

const insertToken = async (db: Pool | PoolConnection, token: NewRefreshToken, now: Date) => {
  await db.execute(
    `INSERT INTO refresh_tokens (token_hash, family_id, account_id, status, expires_at, created_at)
     VALUES (?, ?, ?, 'ACTIVE', ?, ?)`,
    [token.tokenHash, token.familyId, token.accountId, token.expiresAt, now],
  );
};

const lockToken = async (
  connection: PoolConnection,
  tokenHash: string,
): Promise<StoredRefreshToken | null> => {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT family_id, account_id, status, expires_at FROM refresh_tokens WHERE token_hash = ? FOR UPDATE',
    [tokenHash],
  );
  const row = rows[0];
  return row
    ? {
        familyId: row.family_id,
        accountId: row.account_id,
        status: row.status,
        expiresAt: row.expires_at,
      }
    : null;
};

export const createRefreshTokenRepository = (pool: Pool): RefreshTokenRepository => ({
  insert: async (token, now) => await insertToken(pool, token, now),

  // The row lock makes two concurrent refreshes with one token serialise: the second sees
  // ROTATED and is treated as the reuse it is.
  rotate: async (presentedHash, replacement, now, decide) =>
    await withTransaction(pool, async (connection) => {
      const current = await lockToken(connection, presentedHash);
      const outcome = decide(current);
      if (current && outcome.kind === 'reused') {
        await connection.execute(
          `UPDATE refresh_tokens SET status = 'REVOKED' WHERE family_id = ?`,
          [current.familyId],
        );
      }
      if (outcome.kind === 'rotated') {
        await connection.execute(
          `UPDATE refresh_tokens SET status = 'ROTATED' WHERE token_hash = ?`,
          [presentedHash],
        );
        await insertToken(
          connection,
          { ...replacement, familyId: outcome.familyId, accountId: outcome.accountId },
          now,
        );
      }
      return outcome;
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
