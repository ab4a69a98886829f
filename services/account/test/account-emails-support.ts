import { createHash } from 'node:crypto';
import { AccountEvent } from '@shop/contracts';
import type { Pool, RowDataPacket } from 'mysql2/promise';

/** The account events account-service wrote to its outbox for one account, oldest first. */
export const accountEventsOf = async (pool: Pool, accountId: string) => {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT topic, value FROM outbox WHERE msg_key = ? AND topic = 'account.events' ORDER BY seq`,
    [accountId],
  );
  return rows.map((row) => AccountEvent.parse(JSON.parse(row.value)));
};

/** The raw token of the account's latest email of `type`, as only the event carries it. */
export const latestToken = async (
  pool: Pool,
  accountId: string,
  type: AccountEvent['type'],
): Promise<string> => {
  const event = (await accountEventsOf(pool, accountId)).filter((e) => e.type === type).at(-1);
  if (!event) throw new Error(`no ${type} event for account ${accountId}`);
  return event.data.token;
};

export const tokenRowsOf = async (pool: Pool, accountId: string) => {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT token_hash, purpose, expires_at, used_at, created_at FROM account_tokens WHERE account_id = ? ORDER BY created_at',
    [accountId],
  );
  return rows;
};

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');
