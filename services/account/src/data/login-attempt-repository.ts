import { withTransaction } from '@shop/platform/mysql';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { LoginAttemptRepository } from '../domain/ports.js';
import type { FailureWindow } from '../domain/throttle.js';

export const createLoginAttemptRepository = (pool: Pool): LoginAttemptRepository => ({
  blockedUntil: async (subjects) => {
    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT MAX(blocked_until) AS until FROM login_attempts WHERE subject IN (?)',
      [subjects],
    );
    return (rows[0]?.until as Date | null | undefined) ?? null;
  },

  // The row is created first so that its lock serialises concurrent failures of one subject.
  recordFailure: async (subject, now, decide) => {
    await withTransaction(pool, async (connection) => {
      await connection.execute(
        `INSERT IGNORE INTO login_attempts (subject, failures, window_started_at) VALUES (?, 0, ?)`,
        [subject, now],
      );
      const [rows] = await connection.query<RowDataPacket[]>(
        'SELECT failures, window_started_at, blocked_until FROM login_attempts WHERE subject = ? FOR UPDATE',
        [subject],
      );
      const current: FailureWindow = {
        failures: Number(rows[0]?.failures ?? 0),
        windowStartedAt: (rows[0]?.window_started_at as Date | undefined) ?? now,
        blockedUntil: (rows[0]?.blocked_until as Date | null | undefined) ?? null,
      };
      const next = decide(current);
      await connection.execute(
        'UPDATE login_attempts SET failures = ?, window_started_at = ?, blocked_until = ? WHERE subject = ?',
        [next.failures, next.windowStartedAt, next.blockedUntil, subject],
      );
    });
  },

  clear: async (subject) => {
    await pool.execute('DELETE FROM login_attempts WHERE subject = ?', [subject]);
  },
});
