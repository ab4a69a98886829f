import { runMain } from '@shop/platform';
import cassandra from 'cassandra-driver';
import { MongoClient } from 'mongodb';
import mysql from 'mysql2/promise';

/**
 * stores-cli.ts SIDE: the stores one side of a BENCH_BASELINE run uses instead of the stack's
 * own, printed as VAR=value lines for infra/bench.sh. Each side (baseline, current) has its
 * own, so the baseline's migrations never meet a newer schema, and each is dropped first, so
 * both sides start from the same data (none) and an earlier run cannot leave a store its
 * migrations do not repair (one did: a baseline account database without its login_attempts).
 * MySQL names start with test_<database>_ (the only databases the service users may create and
 * drop); MongoDB and Cassandra create theirs on first use (order-service creates its keyspace).
 */
const MYSQL_STORES = [
  ['ACCOUNT', 'accounts_db'],
  ['PAYMENT', 'payments_db'],
  ['CART', 'carts_db'],
] as const;

const freshMysqlDatabase = async (prefix: string, name: string) => {
  const connection = await mysql.createConnection({
    host: process.env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(process.env.MYSQL_PORT ?? 3306),
    user: process.env[`${prefix}_DB_USER`] ?? '',
    password: process.env[`${prefix}_DB_PASSWORD`] ?? '',
  });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await connection.end();
  }
};

const dropMongoDatabases = async (names: string[]) => {
  const client = await MongoClient.connect(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017');
  try {
    for (const name of names) await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
};

const dropKeyspace = async (name: string) => {
  const client = new cassandra.Client({
    contactPoints: (process.env.CASSANDRA_CONTACT_POINTS ?? '127.0.0.1:9042').split(','),
    localDataCenter: process.env.CASSANDRA_LOCAL_DC ?? 'datacenter1',
  });
  try {
    await client.execute(`DROP KEYSPACE IF EXISTS ${name}`);
  } finally {
    await client.shutdown();
  }
};

runMain(async () => {
  const side = process.argv[2];
  if (!side || !/^[a-z]+$/.test(side)) throw new Error('usage: stores-cli.ts SIDE (a-z)');
  const suffix = `bench_${side}`;
  const lines: string[] = [];
  for (const [prefix, database] of MYSQL_STORES) {
    const name = `test_${database}_${suffix}`;
    await freshMysqlDatabase(prefix, name);
    lines.push(`${prefix}_DB_NAME=${name}`);
  }
  const mongo = {
    ITEM_DB_NAME: `itemdb_${suffix}`,
    NOTIFICATION_DB_NAME: `notificationdb_${suffix}`,
  };
  await dropMongoDatabases(Object.values(mongo));
  const keyspace = `orders_${suffix}`;
  await dropKeyspace(keyspace);
  lines.push(...Object.entries(mongo).map(([name, value]) => `${name}=${value}`));
  lines.push(`ORDER_KEYSPACE=${keyspace}`);
  process.stdout.write(`${lines.join('\n')}\n`);
});
