import type { PoolConnection as CoreConnection } from 'mysql2';
import mysql, { type Pool, type PoolConnection } from 'mysql2/promise';

export interface MysqlConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  connectionLimit?: number;
  /**
   * Every session's isolation level, set once when the pool opens the connection, instead of a
   * `SET TRANSACTION` round trip before each transaction. Unset: the server's default.
   */
  isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
}

/**
 * A pool that behaves the same on MySQL 8.4 and MariaDB 10.11: UTC everywhere, JSON columns as
 * strings (MariaDB stores JSON as text; repositories parse them), BIGINT as numbers when safe.
 */
export const createMysqlPool = ({ isolation, ...config }: MysqlConfig): Pool => {
  const pool = mysql.createPool({
    ...config,
    connectionLimit: config.connectionLimit ?? 10,
    timezone: 'Z',
    jsonStrings: true,
    supportBigNumbers: true,
    decimalNumbers: true,
    dateStrings: false,
    enableKeepAlive: true,
    // No call-site stack captured for every query, in case it fails (mysql2's "long stack
    // traces"): 5 % of payment-service's CPU under the saga's load. A failed query's error still
    // carries its code and message, and the request or event it failed in is in the log line.
    trace: false,
    // Bounded well below a Kafka consumer's session timeout: an unreachable server fails fast
    // and the consumer retries, instead of one attempt hanging for the default 10 s per try.
    connectTimeout: 5_000,
  });
  // The callback pool's event: its connection is the one the statement is queued on.
  if (isolation)
    pool.pool.on('connection', (connection) => setSessionIsolation(connection, isolation));
  return pool;
};

/**
 * Queued on a new connection before the pool hands it to anyone (mysql2 emits `connection`
 * before its first `getConnection` callback, and runs a connection's commands in order). A
 * session whose level could not be set is destroyed, so no transaction runs at another level;
 * the statement waiting behind it fails and its caller retries as after any lost connection.
 */
const setSessionIsolation = (connection: CoreConnection, level: string) => {
  connection.query(`SET SESSION TRANSACTION ISOLATION LEVEL ${level}`, (error) => {
    if (error) connection.destroy();
  });
};

export const mysqlReady = (pool: Pool) => async () => await pool.query('SELECT 1');

/** ER_DUP_ENTRY: a unique key refused the row. */
export const isDuplicateKeyError = (error: unknown): boolean =>
  (error as { errno?: number } | null)?.errno === 1062;

/** ER_LOCK_DEADLOCK: InnoDB chose this transaction as a deadlock's victim and rolled it back. */
export const isDeadlock = (error: unknown): boolean =>
  (error as { errno?: number } | null)?.errno === 1213;

export interface TransactionOptions {
  /**
   * Runs the whole transaction again (up to this many more times) when InnoDB picks it as a
   * deadlock's victim, as MySQL advises: only for work that does nothing but statements on the
   * connection, so a rolled-back try left no trace.
   */
  deadlockRetries?: number;
}

/** Runs `work` in a transaction: committed if it resolves, rolled back if it throws. */
export const withTransaction = async <T>(
  pool: Pool,
  work: (connection: PoolConnection) => Promise<T>,
  { deadlockRetries = 0 }: TransactionOptions = {},
): Promise<T> => {
  for (let retry = 0; ; retry += 1) {
    try {
      return await transactionOnce(pool, work);
    } catch (error) {
      if (!isDeadlock(error) || retry >= deadlockRetries) throw error;
    }
  }
};

const transactionOnce = async <T>(
  pool: Pool,
  work: (connection: PoolConnection) => Promise<T>,
): Promise<T> => {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    const result = await work(connection);
    await connection.commit();
    return result;
  } catch (error) {
    await connection.rollback().catch(() => undefined);
    throw error;
  } finally {
    connection.release();
  }
};
