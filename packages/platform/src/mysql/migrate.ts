import type { Pool, RowDataPacket } from 'mysql2/promise';

export interface Migration {
  version: number;
  name: string;
  /** Statements run in order; DDL commits implicitly in MySQL, so keep each one re-runnable. */
  statements: string[];
}

const LOCK_TIMEOUT_SECONDS = 60;

/**
 * Applies pending migrations in version order and records them in `schema_migrations`. A named
 * lock serialises concurrent starters (several instances, parallel test workers).
 */
export const migrate = async (pool: Pool, migrations: Migration[]): Promise<number[]> => {
  const connection = await pool.getConnection();
  const [[{ database }]] = (await connection.query('SELECT DATABASE() AS `database`')) as [
    [{ database: string }],
    unknown,
  ];
  const lockName = `${database}.schema_migrations`;
  try {
    const [[lock]] = await connection.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS acquired', [
      lockName,
      LOCK_TIMEOUT_SECONDS,
    ]);
    if (lock?.acquired !== 1) throw new Error(`could not take the migration lock ${lockName}`);
    await connection.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INT PRIMARY KEY,
      name VARCHAR(200) NOT NULL,
      applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    )`);
    const [rows] = await connection.query<RowDataPacket[]>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    const pending = [...migrations]
      .sort((a, b) => a.version - b.version)
      .filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      for (const statement of migration.statements) await connection.query(statement);
      await connection.query('INSERT INTO schema_migrations (version, name) VALUES (?, ?)', [
        migration.version,
        migration.name,
      ]);
    }
    return pending.map((migration) => migration.version);
  } finally {
    await connection.query('SELECT RELEASE_LOCK(?)', [lockName]).catch(() => undefined);
    connection.release();
  }
};
