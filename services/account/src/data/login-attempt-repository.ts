import { withTransaction } from '@shop/platform/mysql';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { LoginAttemptRepository } from '../domain/ports.js';
import type { AttemptWindow } from '../domain/throttle.js';

export const createLoginAttemptRepository = (pool: Pool): LoginAttemptRepository => ({
  // ON DUPLICATE KEY takes an exclusive lock on an existing row (INSERT IGNORE would take a
  // shared one, and two such holders asking FOR UPDATE deadlock): concurrent attempts of one
  // subject queue on it and each sees the count the one before it left.
  change: async (subject, now, decide) =>
    await withTransaction(pool, async (connection) => {
      await connection.execute(
        `INSERT INTO login_throttle (subject, attempts, window_started_at, updated_at)
         VALUES (?, 0, ?, ?) ON DUPLICATE KEY UPDATE subject = subject`,
        [subject, now, now],
      );
      const [rows] = await connection.query<RowDataPacket[]>(
        'SELECT attempts, window_started_at, blocked_until FROM login_throttle WHERE subject = ? FOR UPDATE',
        [subject],
      );
      const current: AttemptWindow = {
        attempts: Number(rows[0]?.attempts ?? 0),
        windowStartedAt: (rows[0]?.window_started_at as Date | undefined) ?? now,
        blockedUntil: (rows[0]?.blocked_until as Date | null | undefined) ?? null,
      };
      const { next, outcome } = decide(current);
      await connection.execute(
        `UPDATE login_throttle SET attempts = ?, window_started_at = ?, blocked_until = ?,
         updated_at = ? WHERE subject = ?`,
        [next.attempts, next.windowStartedAt, next.blockedUntil, now, subject],
      );
      return outcome;
    }),

  clear: async (subject) => {
    await pool.execute('DELETE FROM login_throttle WHERE subject = ?', [subject]);
  },
});
