import type { Logger } from '@shop/platform/log';
import { retentionCutoff, startRetention } from '@shop/platform/retention';
import type { Pool } from 'mysql2/promise';
import { accountPurges } from '../data/retention.js';

export interface AccountRetention {
  /** Login counters untouched this long go (longer than any window or lockout). */
  loginAttemptHours: number;
  /** Refresh tokens, and password-reset and verification tokens, go this long after they expired. */
  refreshTokenHours: number;
  intervalMs: number;
  batchSize: number;
  maxBatches: number;
}

/** What one purge run deletes, by name: rows past their retention at `now()`. */
export const accountRetentionTasks = (
  pool: Pool,
  retention: Pick<AccountRetention, 'loginAttemptHours' | 'refreshTokenHours'>,
  now: () => Date,
) => {
  const purges = accountPurges(pool);
  return {
    'login counters': async (limit: number) =>
      await purges.loginCounters(retentionCutoff(now(), retention.loginAttemptHours), limit),
    'expired refresh tokens': async (limit: number) =>
      await purges.expiredRefreshTokens(retentionCutoff(now(), retention.refreshTokenHours), limit),
    'expired reset and verification tokens': async (limit: number) =>
      await purges.expiredAccountTokens(retentionCutoff(now(), retention.refreshTokenHours), limit),
  };
};

/** Periodic purge of login counters and expired tokens; harmless on two replicas. */
export const startAccountRetention = (
  pool: Pool,
  retention: AccountRetention,
  logger: Logger,
  now: () => Date,
) => startRetention(accountRetentionTasks(pool, retention, now), { ...retention, logger });
