import { runMain } from '@shop/platform';
import { createScratchDatabase } from '@shop/testing';

/**
 * stores-cli.ts SIDE: the stores one side of a BENCH_BASELINE run uses instead of the stack's
 * own, printed as VAR=value lines for infra/bench.sh. Each side (baseline, current) has its
 * own, so the baseline's migrations never meet a newer schema and both sides start from the
 * same data: empty the first time, one earlier comparison's worth after that. MySQL names start
 * with test_<database>_ (the only new databases the service users may create); MongoDB and
 * Cassandra create theirs on first use (order-service creates its keyspace).
 */
runMain(async () => {
  const side = process.argv[2];
  if (!side || !/^[a-z]+$/.test(side)) throw new Error('usage: stores-cli.ts SIDE (a-z)');
  const suffix = `bench_${side}`;
  const mysql = [
    ['ACCOUNT', 'accounts_db'],
    ['PAYMENT', 'payments_db'],
    ['CART', 'carts_db'],
  ] as const;
  const lines: string[] = [];
  for (const [prefix, database] of mysql) {
    const name = `test_${database}_${suffix}`;
    await createScratchDatabase({
      host: process.env.MYSQL_HOST ?? '127.0.0.1',
      port: Number(process.env.MYSQL_PORT ?? 3306),
      user: process.env[`${prefix}_DB_USER`] ?? '',
      password: process.env[`${prefix}_DB_PASSWORD`] ?? '',
      database: name,
    });
    lines.push(`${prefix}_DB_NAME=${name}`);
  }
  lines.push(
    `ITEM_DB_NAME=itemdb_${suffix}`,
    `NOTIFICATION_DB_NAME=notificationdb_${suffix}`,
    `ORDER_KEYSPACE=orders_${suffix}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
});
