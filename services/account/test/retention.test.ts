import { createHash, randomBytes } from 'node:crypto';
import { retentionRound } from '@shop/platform/retention';
import type { RowDataPacket } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { accountRetentionTasks } from '../src/jobs/retention.js';
import { startAccountService } from './support.js';

const DAY = 24 * 3_600_000;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('account retention purge', () => {
  it('when login counters and refresh tokens are older than retention, then one run deletes them and keeps the fresh ones', async () => {
    const { pool } = await startAccountService({ background: { retention: false, outbox: false } });
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const tag = crypto.randomUUID();
    const counter = async (name: string, updatedAt: Date, blockedUntil: Date | null = null) => {
      // Shaped like a real counter (a keyed hash), as other suites on this database expect.
      const subject = `email:${createHash('sha256').update(`${name}-${tag}`).digest('hex')}`;
      await pool.execute(
        'INSERT INTO login_throttle (subject, attempts, window_started_at, blocked_until, updated_at) VALUES (?, 1, ?, ?, ?)',
        [subject, updatedAt, blockedUntil, updatedAt],
      );
      return subject;
    };
    const token = async (expiresAt: Date) => {
      const hash = randomBytes(32).toString('hex');
      await pool.execute(
        `INSERT INTO refresh_tokens (token_hash, family_id, account_id, status, expires_at, created_at)
         VALUES (?, ?, ?, 'ROTATED', ?, ?)`,
        [hash, crypto.randomUUID(), crypto.randomUUID(), expiresAt, ago(40)],
      );
      return hash;
    };
    const oldCounter = await counter('old', ago(8));
    const freshCounter = await counter('fresh', ago(1));
    const oldButBlocked = await counter('blocked', ago(8), new Date(now.getTime() + DAY));
    const longExpired = await token(ago(8));
    const recentlyExpired = await token(ago(1));
    const valid = await token(new Date(now.getTime() + DAY));

    await retentionRound(
      accountRetentionTasks(pool, { loginAttemptHours: 168, refreshTokenHours: 168 }, () => now),
      { logger: silent, batchSize: 50, maxBatches: 1_000 },
    );

    const [counters] = await pool.query<RowDataPacket[]>(
      'SELECT subject FROM login_throttle WHERE subject IN (?)',
      [[oldCounter, freshCounter, oldButBlocked]],
    );
    expect(counters.map((row) => row.subject).sort()).toEqual([freshCounter, oldButBlocked].sort());
    expect(counters.map((row) => row.subject)).not.toContain(oldCounter);
    const [tokens] = await pool.query<RowDataPacket[]>(
      'SELECT token_hash FROM refresh_tokens WHERE token_hash IN (?)',
      [[longExpired, recentlyExpired, valid]],
    );
    expect(tokens.map((row) => row.token_hash).sort()).toEqual([recentlyExpired, valid].sort());
  });

  it('when reset and verification tokens expired longer ago than retention, then one run deletes them and keeps the others', async () => {
    const { pool } = await startAccountService({ background: { retention: false, outbox: false } });
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const accountToken = async (expiresAt: Date, purpose: string) => {
      const hash = randomBytes(32).toString('hex');
      await pool.execute(
        `INSERT INTO account_tokens (token_hash, account_id, purpose, expires_at, used_at, created_at)
         VALUES (?, ?, ?, ?, NULL, ?)`,
        [hash, crypto.randomUUID(), purpose, expiresAt, ago(10)],
      );
      return hash;
    };
    const longExpired = await accountToken(ago(8), 'PASSWORD_RESET');
    const recentlyExpired = await accountToken(ago(1), 'EMAIL_VERIFICATION');
    const valid = await accountToken(new Date(now.getTime() + DAY), 'EMAIL_VERIFICATION');

    await retentionRound(
      accountRetentionTasks(pool, { loginAttemptHours: 168, refreshTokenHours: 168 }, () => now),
      { logger: silent, batchSize: 50, maxBatches: 1_000 },
    );

    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT token_hash FROM account_tokens WHERE token_hash IN (?)',
      [[longExpired, recentlyExpired, valid]],
    );
    expect(rows.map((row) => row.token_hash).sort()).toEqual([recentlyExpired, valid].sort());
  });
});
