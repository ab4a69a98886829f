import type { Pool, ResultSetHeader } from 'mysql2/promise';

/**
 * Statements that add index `name` on `columns` of `table` unless it is there: MySQL 8.4 has no
 * `ADD INDEX IF NOT EXISTS` (MariaDB has), so the check is a prepared statement, and a migration
 * that failed half-way can run again on both engines.
 */
export const addIndexIfMissing = (table: string, name: string, columns: string) => [
  `SET @ddl = IF((SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '${table}' AND index_name = '${name}') = 0, 'ALTER TABLE ${table} ADD KEY ${name} (${columns})', 'SELECT 1')`,
  'PREPARE conditional_ddl FROM @ddl',
  'EXECUTE conditional_ddl',
  'DEALLOCATE PREPARE conditional_ddl',
];

/** Lets the purge find old processed-event ids by index; append to a service's migrations. */
export const PROCESSED_EVENTS_RETENTION_MIGRATION = addIndexIfMissing(
  'processed_events',
  'ix_processed_events_at',
  'processed_at',
);

const deleted = async (pool: Pool, statement: string, params: unknown[]) => {
  const [result] = await pool.query<ResultSetHeader>(statement, params);
  return result.affectedRows;
};

/**
 * Deletes at most `limit` outbox rows published before `before` (never a pending one), oldest
 * first, by the (published_at, seq) index.
 */
export const purgePublishedOutbox = async (pool: Pool, before: Date, limit: number) =>
  await deleted(
    pool,
    'DELETE FROM outbox WHERE published_at < ? ORDER BY published_at, seq LIMIT ?',
    [before, limit],
  );

/** Deletes at most `limit` processed-event ids recorded before `before`, oldest first. */
export const purgeProcessedEvents = async (pool: Pool, before: Date, limit: number) =>
  await deleted(
    pool,
    'DELETE FROM processed_events WHERE processed_at < ? ORDER BY processed_at LIMIT ?',
    [before, limit],
  );
