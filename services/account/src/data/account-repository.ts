import { Address, PaymentMethodSummary } from '@shop/contracts';
import { isDuplicateKeyError, withTransaction } from '@shop/platform/mysql';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { z } from 'zod';
import { EmailTakenError } from '../domain/errors.js';
import type { AccountChanges, AccountRecord } from '../domain/model.js';
import { normalizeEmail } from '../domain/model.js';
import type { AccountRepository } from '../domain/ports.js';
import { searchAccounts } from './account-search.js';
import { insertIssuedToken } from './account-token-repository.js';

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
const parseJson = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> | null =>
  value === null || value === undefined ? null : schema.parse(JSON.parse(String(value)));

export const toRecord = (row: RowDataPacket): AccountRecord => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  passwordHash: row.password_hash,
  tokenVersion: Number(row.token_version),
  shippingAddress: parseJson(Address, row.shipping_address),
  billingAddress: parseJson(Address, row.billing_address),
  paymentMethod: parseJson(PaymentMethodSummary, row.payment_method),
  emailVerifiedAt: row.email_verified_at ?? null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const COLUMN_OF: Record<keyof AccountChanges, string> = {
  name: 'name',
  shippingAddress: 'shipping_address',
  billingAddress: 'billing_address',
  paymentMethod: 'payment_method',
  passwordHash: 'password_hash',
};
const JSON_FIELDS = new Set<keyof AccountChanges>([
  'shippingAddress',
  'billingAddress',
  'paymentMethod',
]);

const insertAccount = async (connection: PoolConnection, account: AccountRecord) => {
  await connection.execute(
    `INSERT INTO accounts (id, email, email_normalized, name, role, password_hash, token_version,
       shipping_address, billing_address, payment_method, email_verified_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      account.id,
      account.email,
      normalizeEmail(account.email),
      account.name,
      account.role,
      account.passwordHash,
      account.tokenVersion,
      json(account.shippingAddress),
      json(account.billingAddress),
      json(account.paymentMethod),
      account.emailVerifiedAt,
      account.createdAt,
      account.updatedAt,
    ],
  );
};

export const createAccountRepository = (pool: Pool): AccountRepository => {
  const findOne = async (where: string, value: string) => {
    const [rows] = await pool.query<RowDataPacket[]>(`SELECT * FROM accounts WHERE ${where} = ?`, [
      value,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  };

  return {
    insert: async (account, verification) => {
      try {
        // Concurrent registrations insert next to each other in the same indexes: InnoDB may
        // pick one as a deadlock's victim, and the whole insert is only statements, so it is
        // tried again.
        await withTransaction(
          pool,
          async (connection) => {
            await insertAccount(connection, account);
            // A new account has no earlier tokens to spend (and the search for them took a
            // gap lock that two registrations then deadlocked on).
            if (verification)
              await insertIssuedToken(connection, verification, account.createdAt, {
                spendEarlier: false,
              });
          },
          { deadlockRetries: 3 },
        );
      } catch (error) {
        if (isDuplicateKeyError(error)) throw new EmailTakenError();
        throw error;
      }
    },

    findById: async (id) => await findOne('id', id),
    findByEmail: async (email) => await findOne('email_normalized', normalizeEmail(email)),

    update: async (id, changes, { revokeTokens, now }) => {
      const entries = (Object.entries(changes) as [keyof AccountChanges, unknown][]).filter(
        ([, value]) => value !== undefined,
      );
      const assignments = entries.map(([field]) => `${COLUMN_OF[field]} = ?`);
      const values = entries.map(([field, value]) =>
        JSON_FIELDS.has(field) ? json(value) : (value as string),
      );
      if (revokeTokens) assignments.push('token_version = token_version + 1');
      assignments.push('updated_at = ?');
      await pool.execute(`UPDATE accounts SET ${assignments.join(', ')} WHERE id = ?`, [
        ...values,
        now,
        id,
      ]);
      return await findOne('id', id);
    },

    search: async (search) => await searchAccounts(pool, search),

    tokenVersionOf: async (id) => {
      const [rows] = await pool.query<RowDataPacket[]>(
        'SELECT token_version FROM accounts WHERE id = ?',
        [id],
      );
      return rows[0] ? Number(rows[0].token_version) : null;
    },

    // Every token-version bump also sets updated_at (see `update`); ix_accounts_updated_at.
    revokedSince: async (since) => {
      const [rows] = await pool.query<RowDataPacket[]>(
        'SELECT id, token_version, updated_at FROM accounts WHERE updated_at >= ? AND token_version > 1',
        [since],
      );
      return rows.map((row) => ({
        id: row.id,
        tokenVersion: Number(row.token_version),
        changedAt: new Date(row.updated_at),
      }));
    },
  };
};
