import { ACCOUNT_EVENTS_TOPIC, type AccountEvent, EVENT_HEADERS } from '@shop/contracts';
import { currentTraceparent } from '@shop/platform';
import { withTransaction } from '@shop/platform/mysql';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import type {
  AccountTokenPurpose,
  Redemption,
  StoredAccountToken,
} from '../domain/account-tokens.js';
import type { AccountTokenRepository, IssuedToken } from '../domain/ports.js';

/**
 * The outbox row of an account event (the relay publishes it to `account.events`, keyed by the
 * account id so one account's emails keep their order).
 */
const enqueueAccountEvent = async (connection: PoolConnection, event: AccountEvent, now: Date) => {
  const traceparent = currentTraceparent();
  const headers = {
    [EVENT_HEADERS.type]: event.type,
    [EVENT_HEADERS.id]: event.eventId,
    ...(traceparent ? { [EVENT_HEADERS.traceparent]: traceparent } : {}),
  };
  await connection.execute(
    'INSERT INTO outbox (event_id, topic, msg_key, value, headers, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [
      event.eventId,
      ACCOUNT_EVENTS_TOPIC,
      event.accountId,
      JSON.stringify(event),
      JSON.stringify(headers),
      now,
    ],
  );
};

/**
 * Issuing and redeeming lock an account's unused tokens of a purpose as a range (the spend) and
 * then insert into it or change the account: two at once for one account can deadlock in
 * InnoDB. Both are statements only, so the victim runs again (`withTransaction`), as often as
 * the requests of one account that can race.
 */
const DEADLOCK_RETRIES = 5;

/** Marks the account's unused tokens of `purpose` used: only the newest link works. */
const spendAll = async (
  connection: PoolConnection,
  accountId: string,
  purpose: AccountTokenPurpose,
  now: Date,
) => {
  await connection.execute(
    'UPDATE account_tokens SET used_at = ? WHERE account_id = ? AND purpose = ? AND used_at IS NULL',
    [now, accountId, purpose],
  );
};

/**
 * Stores a new token (its hash only) and the event that mails it, in the caller's transaction:
 * the email is asked for exactly when the token exists. Earlier unused tokens of the same
 * purpose stop working.
 */
export const insertIssuedToken = async (
  connection: PoolConnection,
  token: IssuedToken,
  now: Date,
  { spendEarlier = true }: { spendEarlier?: boolean } = {},
) => {
  if (spendEarlier) await spendAll(connection, token.accountId, token.purpose, now);
  await connection.execute(
    `INSERT INTO account_tokens (token_hash, account_id, purpose, expires_at, used_at, created_at)
     VALUES (?, ?, ?, ?, NULL, ?)`,
    [token.tokenHash, token.accountId, token.purpose, token.expiresAt, now],
  );
  await enqueueAccountEvent(connection, token.event, now);
};

const toStored = (row: RowDataPacket): StoredAccountToken => ({
  accountId: row.account_id,
  purpose: row.purpose,
  expiresAt: row.expires_at,
  usedAt: row.used_at ?? null,
});

const select = async (db: Pool | PoolConnection, tokenHash: string, lock: boolean) => {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT account_id, purpose, expires_at, used_at FROM account_tokens WHERE token_hash = ?${lock ? ' FOR UPDATE' : ''}`,
    [tokenHash],
  );
  return rows[0] ? toStored(rows[0]) : null;
};

/**
 * Locks the presented token (two redemptions of one token run one after the other, and the
 * second finds it used), asks `decide` what it is worth and, if valid, spends every token of
 * its purpose of the account and applies `effect`, all in one transaction.
 */
const redeem = async (
  pool: Pool,
  tokenHash: string,
  purpose: AccountTokenPurpose,
  decide: (stored: StoredAccountToken | null) => Redemption,
  effect: (connection: PoolConnection, accountId: string) => Promise<void>,
  now: Date,
) =>
  await withTransaction(
    pool,
    async (connection) => {
      const outcome = decide(await select(connection, tokenHash, true));
      if (outcome.kind !== 'valid') return outcome;
      await spendAll(connection, outcome.accountId, purpose, now);
      await effect(connection, outcome.accountId);
      return outcome;
    },
    { deadlockRetries: DEADLOCK_RETRIES },
  );

export const createAccountTokenRepository = (pool: Pool): AccountTokenRepository => ({
  issue: async (token, now) =>
    await withTransaction(
      pool,
      async (connection) => await insertIssuedToken(connection, token, now),
      { deadlockRetries: DEADLOCK_RETRIES },
    ),

  find: async (tokenHash) => await select(pool, tokenHash, false),

  // The new hash and the token-version bump (every access token refused, everywhere through
  // the revocation list) and every refresh token revoked, with the token spent: all or nothing.
  resetPassword: async (tokenHash, passwordHash, now, decide) =>
    await redeem(
      pool,
      tokenHash,
      'PASSWORD_RESET',
      decide,
      async (connection, accountId) => {
        await connection.execute(
          `UPDATE accounts SET password_hash = ?, token_version = token_version + 1, updated_at = ?
           WHERE id = ?`,
          [passwordHash, now, accountId],
        );
        await connection.execute(
          `UPDATE refresh_tokens SET status = 'REVOKED' WHERE account_id = ?`,
          [accountId],
        );
      },
      now,
    ),

  verifyEmail: async (tokenHash, now, decide) =>
    await redeem(
      pool,
      tokenHash,
      'EMAIL_VERIFICATION',
      decide,
      async (connection, accountId) => {
        await connection.execute(
          'UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, ?), updated_at = ? WHERE id = ?',
          [now, now, accountId],
        );
      },
      now,
    ),
});
