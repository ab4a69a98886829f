import { withTransaction } from '@shop/platform/mysql';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { LoginAttemptRepository } from '../domain/ports.js';

export const createLoginAttemptRepository = (pool: Pool): LoginAttemptRepository => ({
  blockedFor: async (subjects, now) => {
    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT MAX(blocked_until) AS until FROM login_attempts WHERE subject IN (?) AND blocked_until > ?',
      [subjects, now],
    );
    const until = rows[0]?.until as Date | null | undefined;
    return until ? Math.ceil((until.getTime() - now.getTime()) / 1000) : 0;
  },

  // Counts failures in a fixed window; reaching the limit blocks the subject and starts a new
  // window. The row is created first so that the row lock serialises concurrent failures.
  recordFailure: async (subject, { maxFailures, windowSeconds, lockoutSeconds }, now) => {
    await withTransaction(pool, async (connection) => {
      await connection.execute(
        `INSERT IGNORE INTO login_attempts (subject, failures, window_started_at) VALUES (?, 0, ?)`,
        [subject, now],
      );
      const [rows] = await connection.query<RowDataPacket[]>(
        'SELECT failures, window_started_at FROM login_attempts WHERE subject = ? FOR UPDATE',
        [subject],
      );
      const windowStart = rows[0]?.window_started_at as Date;
      const windowOpen = now.getTime() - windowStart.getTime() < windowSeconds * 1000;
      const failures = (windowOpen ? Number(rows[0]?.failures) : 0) + 1;
      const blocked = failures >= maxFailures;
      await connection.execute(
        'UPDATE login_attempts SET failures = ?, window_started_at = ?, blocked_until = ? WHERE subject = ?',
        [
          blocked ? 0 : failures,
          blocked || !windowOpen ? now : windowStart,
          blocked ? new Date(now.getTime() + lockoutSeconds * 1000) : null,
          subject,
        ],
      );
    });
  },

  clear: async (subject) => {
    await pool.execute('DELETE FROM login_attempts WHERE subject = ?', [subject]);
  },
});
