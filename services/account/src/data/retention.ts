import type { Pool, ResultSetHeader } from 'mysql2/promise';

const deleted = async (pool: Pool, statement: string, params: unknown[]) => {
  const [result] = await pool.query<ResultSetHeader>(statement, params);
  return result.affectedRows;
};

/** The purges of accounts_db's bookkeeping rows, each at most `limit` rows, oldest first. */
export const accountPurges = (pool: Pool) => ({
  /** Login counters unchanged since `before` and not blocked past it (their window is over). */
  loginCounters: async (before: Date, limit: number) =>
    await deleted(
      pool,
      `DELETE FROM login_throttle WHERE updated_at < ? AND (blocked_until IS NULL OR blocked_until < ?)
       ORDER BY updated_at LIMIT ?`,
      [before, before, limit],
    ),
  /**
   * Refresh tokens that expired before `before`: refused anyway, kept a while only so that a
   * replay of a rotated token still revokes its family until then.
   */
  expiredRefreshTokens: async (before: Date, limit: number) =>
    await deleted(
      pool,
      'DELETE FROM refresh_tokens WHERE expires_at < ? ORDER BY expires_at LIMIT ?',
      [before, limit],
    ),
  /** Password-reset and verification tokens that expired before `before` (refused anyway). */
  expiredAccountTokens: async (before: Date, limit: number) =>
    await deleted(
      pool,
      'DELETE FROM account_tokens WHERE expires_at < ? ORDER BY expires_at LIMIT ?',
      [before, limit],
    ),
});
