import { type MysqlConfig, migrate } from '@shop/platform/mysql';
import { createScratchDatabase } from '@shop/testing';
import type { Pool } from 'mysql2/promise';
import { afterAll, beforeAll } from 'vitest';
import { loadPaymentConfig } from '../src/config.js';
import { createGatewayLedger } from '../src/data/gateway-ledger.js';
import { migrations } from '../src/data/migrations.js';
import { createPaymentRepository } from '../src/data/payment-repository.js';
import { createPaymentPool } from '../src/data/pool.js';
import { createGatewaySimulator, type SimulatorOptions } from '../src/domain/gateway.js';
import type { PaymentDeps } from '../src/domain/payments.js';

/**
 * payments_db alone (a scratch database, migrated): for the store, the gateway's ledger and
 * housekeeping, which need neither Kafka nor the other services.
 */
export const usePaymentStore = () => {
  const store = {} as { pool: Pool; config: MysqlConfig };
  const config = loadPaymentConfig({
    ...process.env,
    PAYMENT_DB_NAME: `test_payments_db_${crypto.randomUUID().replaceAll('-', '').slice(0, 8)}`,
  });
  beforeAll(async () => {
    await createScratchDatabase(config.mysql);
    store.pool = createPaymentPool(config.mysql, 40);
    store.config = config.mysql;
    await migrate(store.pool, migrations);
  }, 60_000);
  afterAll(async () => {
    await store.pool?.query(`DROP DATABASE IF EXISTS \`${store.config?.database}\``);
    await store.pool?.end();
  });
  return store;
};

const unused = (port: string) =>
  new Proxy({} as never, {
    get: () => () => {
      throw new Error(`${port} is not part of this test`);
    },
  });

/** Housekeeping's dependencies on the store: no HTTP peers (housekeeping never calls them). */
export const storeDeps = (
  pool: Pool,
  overrides: Partial<PaymentDeps> & { simulator?: Partial<SimulatorOptions> } = {},
): PaymentDeps => {
  const { simulator, ...rest } = overrides;
  return {
    payments: createPaymentRepository(pool),
    orders: unused('order-service'),
    accounts: unused('account-service'),
    gateway: createGatewaySimulator(createGatewayLedger(pool), {
      failureRate: 0,
      timeoutRate: 0,
      latencyMs: 0,
      ...simulator,
    }),
    now: () => new Date(),
    interruptedAfterMs: 20_000,
    lookupPausesMs: [10, 10, 10],
    ...rest,
  };
};

/** The events stored in the outbox for an order, oldest first. */
export const storedEvents = async (pool: Pool, orderId: string) => {
  const [rows] = await pool.query('SELECT value FROM outbox WHERE msg_key = ? ORDER BY seq', [
    orderId,
  ]);
  return (rows as { value: string }[]).map(
    (row) => JSON.parse(row.value) as { type: string; data: Record<string, unknown> },
  );
};

export const ledgerRows = async (pool: Pool, paymentId: string) => {
  const [rows] = await pool.query(
    'SELECT attempt_key, approved, decline_reason, transaction_id FROM gateway_ledger WHERE attempt_key LIKE ? ORDER BY attempt_key',
    [`${paymentId}#%`],
  );
  return (
    rows as {
      attempt_key: string;
      approved: number;
      decline_reason: string | null;
      transaction_id: string;
    }[]
  ).map((row) => ({
    key: row.attempt_key,
    approved: Boolean(row.approved),
    declineReason: row.decline_reason,
    transactionId: row.transaction_id,
  }));
};

export { processingPayment } from './fixtures.js';
