import cassandra from 'cassandra-driver';
import type { OrderConfig } from '../config.js';
import { migrations } from './migrations.js';

export const BUCKETS = 8;
/** Spreads hints and deadlines over a few partitions (no hot partition, no scans). */
export const bucketOf = (orderId: string) => Number.parseInt(orderId.slice(0, 8), 16) % BUCKETS;

/** A client bound to the keyspace (pass `withKeyspace: false` to create the keyspace first). */
export const createCassandraClient = (config: OrderConfig['cassandra'], withKeyspace = true) =>
  new cassandra.Client({
    contactPoints: config.contactPoints,
    localDataCenter: config.localDataCenter,
    ...(withKeyspace ? { keyspace: config.keyspace } : {}),
    // The driver's default reconnection backs off to 10 minutes: after an outage of a minute
    // the service would wait minutes more. Retry every 0.5 s growing to 5 s instead.
    policies: {
      reconnection: new cassandra.policies.reconnection.ExponentialReconnectionPolicy(
        500,
        5_000,
        false,
      ),
    },
    queryOptions: {
      consistency: cassandra.types.consistencies.localQuorum,
      serialConsistency: cassandra.types.consistencies.localSerial,
      prepare: true,
    },
  });

/**
 * Creates the keyspace and applies pending migrations, recorded in `schema_migrations`. The
 * record is an LWT, so two instances starting together apply each migration once (statements
 * are IF NOT EXISTS anyway).
 */
export const migrateKeyspace = async (
  client: cassandra.Client,
  config: OrderConfig['cassandra'],
) => {
  await client.execute(
    `CREATE KEYSPACE IF NOT EXISTS ${config.keyspace} WITH replication = ${config.replication}`,
    [],
    { prepare: false },
  );
  await client.execute(
    `CREATE TABLE IF NOT EXISTS ${config.keyspace}.schema_migrations (version int PRIMARY KEY, name text, applied_at timestamp)`,
    [],
    { prepare: false },
  );
  const applied = await client.execute(
    `SELECT version FROM ${config.keyspace}.schema_migrations`,
    [],
    { prepare: false },
  );
  const done = new Set(applied.rows.map((row) => Number(row.version)));
  for (const migration of migrations.filter((m) => !done.has(m.version))) {
    for (const statement of migration.statements) {
      await client.execute(
        // CREATE TABLE IF NOT EXISTS t, ALTER TABLE t: the table in the service's keyspace.
        statement.replace(/(TABLE (?:IF NOT EXISTS )?)(\w+)/, `$1${config.keyspace}.$2`),
        [],
        { prepare: false },
      );
    }
    await client.execute(
      `INSERT INTO ${config.keyspace}.schema_migrations (version, name, applied_at) VALUES (?, ?, ?) IF NOT EXISTS`,
      [migration.version, migration.name, new Date()],
    );
  }
};

/** Migrates (with a keyspace-less client), then returns a connected client bound to the keyspace. */
export const openOrderStore = async (config: OrderConfig['cassandra']) => {
  const bootstrap = createCassandraClient(config, false);
  try {
    await bootstrap.connect();
    await migrateKeyspace(bootstrap, config);
  } finally {
    await bootstrap.shutdown();
  }
  const client = createCassandraClient(config);
  await client.connect();
  return client;
};
