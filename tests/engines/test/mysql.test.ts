import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setting, uniqueName } from './env.js';

describe('MySQL-compatible engine through mysql2', () => {
  let connection: mysql.Connection;
  const table = uniqueName('proof');

  beforeAll(async () => {
    connection = await mysql.createConnection({
      host: setting('MYSQL_HOST'),
      port: Number(setting('MYSQL_PORT')),
      user: setting('ACCOUNT_DB_USER'),
      password: setting('ACCOUNT_DB_PASSWORD'),
      database: 'accounts_db',
      // MariaDB returns JSON columns as strings; ask MySQL for the same so code parses once.
      jsonStrings: true,
    });
    await connection.query(
      `CREATE TABLE ${table} (id CHAR(36) PRIMARY KEY, amount BIGINT NOT NULL, meta JSON NOT NULL)`,
    );
  });

  afterAll(async () => {
    await connection?.query(`DROP TABLE IF EXISTS ${table}`);
    await connection?.end();
  });

  it('when a row is written with an upsert, then it reads back exactly, JSON as a string', async () => {
    const id = crypto.randomUUID();
    const upsert = `INSERT INTO ${table} (id, amount, meta) VALUES (?, ?, ?)
      ON DUPLICATE KEY UPDATE amount = VALUES(amount), meta = VALUES(meta)`;
    await connection.execute(upsert, [id, 1999, JSON.stringify({ brand: 'visa' })]);
    await connection.execute(upsert, [id, 2599, JSON.stringify({ brand: 'amex' })]);

    const [rows] = await connection.execute<mysql.RowDataPacket[]>(
      `SELECT amount, meta FROM ${table} WHERE id = ?`,
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]?.amount)).toBe(2599);
    expect(JSON.parse(String(rows[0]?.meta))).toEqual({ brand: 'amex' });
  });

  it('when the service user reaches for another service database, then access is denied', async () => {
    await expect(connection.query('SELECT 1 FROM payments_db.payments')).rejects.toThrow(/denied/i);
    await expect(connection.query('CREATE DATABASE proof_forbidden')).rejects.toThrow(/denied/i);
  });
});
