import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { AccountSearch } from '../domain/ports.js';
import { toRecord } from './account-repository.js';

/** `q` as a LIKE prefix: its own %, _ and \\ match themselves. */
const prefixOf = (q: string) => `${q.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * Accounts by email, after `after` (the last email of the previous page). With `q`, two index
 * ranges (uq_accounts_email on the email prefix, ix_accounts_name on the name prefix; names
 * compare case-insensitively in the table's collation), merged: never a scan of every account.
 */
export const searchAccounts = async (pool: Pool, search: AccountSearch) => {
  /** The WHERE of one range: `match` (if any), the role filter and the keyset. */
  const where = (match: [string, string] | null) => {
    const clauses: [string, unknown][] = [];
    if (match) clauses.push(match);
    if (search.role) clauses.push(['role = ?', search.role]);
    if (search.after !== null) clauses.push(['email_normalized > ?', search.after]);
    return {
      sql: clauses.length > 0 ? `WHERE ${clauses.map(([clause]) => clause).join(' AND ')}` : '',
      params: clauses.map(([, value]) => value),
    };
  };
  const { limit, q } = search;
  if (q === undefined) {
    const all = where(null);
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT * FROM accounts ${all.sql} ORDER BY email_normalized LIMIT ?`,
      [...all.params, limit],
    );
    return rows.map(toRecord);
  }
  const byEmail = where(['email_normalized LIKE ?', prefixOf(q.toLowerCase())]);
  const byName = where(['name LIKE ?', prefixOf(q)]);
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT * FROM (
       (SELECT * FROM accounts ${byEmail.sql} ORDER BY email_normalized LIMIT ?)
       UNION
       (SELECT * FROM accounts ${byName.sql} ORDER BY email_normalized LIMIT ?)
     ) found ORDER BY email_normalized LIMIT ?`,
    [...byEmail.params, limit, ...byName.params, limit, limit],
  );
  return rows.map(toRecord);
};
