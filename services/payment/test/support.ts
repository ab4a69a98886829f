import { Writable } from 'node:stream';
import { createLogger, type ServiceApp } from '@shop/platform';
import {
  type AccountStub,
  createScratchDatabase,
  createTopicNamespace,
  startAccountStub,
  type TopicNamespace,
} from '@shop/testing';
import type { Pool } from 'mysql2/promise';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type PaymentAppDeps } from '../src/app.js';
import { createAccountClient, createOrderClient } from '../src/clients/services.js';
import { loadPaymentConfig, type PaymentConfig } from '../src/config.js';
import { createGatewayLedger } from '../src/data/gateway-ledger.js';
import { createPaymentRepository } from '../src/data/payment-repository.js';
import { createPaymentPool } from '../src/data/pool.js';
import { createGatewaySimulator } from '../src/domain/gateway.js';
import type { CardSummary } from '../src/domain/model.js';
import type { PaymentDeps } from '../src/domain/payments.js';
import { type OrderStub, startOrderStub } from './order-stub.js';

export interface PaymentHarness {
  app: ServiceApp;
  config: PaymentConfig;
  pool: Pool;
  /** account-service: tokens (JWKS, client credentials) and saved cards. */
  accounts: AccountStub;
  /** order-service: the orders payment-service checks and registers attempts with. */
  orderService: OrderStub;
  adminToken: string;
  groupId: string;
  /** The suite's own topics: nothing another suite publishes reaches this app. */
  topics: TopicNamespace;
  /** Every log line payment-service wrote. */
  logs: string[];
}

/**
 * payment-service alone, in-process, on its own scratch database and topics, over real MySQL and
 * Kafka; account-service and order-service are contract-checked HTTP stubs.
 */
export const usePaymentService = (
  background: PaymentAppDeps['background'] = { consumer: true, housekeeping: false },
) => {
  const harness = {} as PaymentHarness;
  const suffix = crypto.randomUUID().replaceAll('-', '').slice(0, 8);

  beforeAll(async () => {
    const accounts = await startAccountStub();
    const orderService = await startOrderStub();
    const topics = await createTopicNamespace((process.env.KAFKA_BROKERS ?? '').split(','));
    const config = loadPaymentConfig({
      ...process.env,
      ACCOUNT_SERVICE_URL: accounts.url,
      ORDER_SERVICE_URL: orderService.url,
      KAFKA_TOPIC_NAMESPACE: topics.namespace,
      // Its own scratch database: no other suite or service reads its outbox.
      PAYMENT_DB_NAME: `test_payments_db_${suffix}`,
      PAYMENT_CONSUMER_GROUP: `payment-test-${suffix}`,
      // The app stops (and resumes a retried partition) without waiting for a whole idle poll.
      KAFKA_CONSUMER_POLL_MS: '500',
    });
    await createScratchDatabase(config.mysql);
    const logs: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const pool = createPaymentPool(config.mysql, 30);
    const app = await buildApp({
      config,
      logger: createLogger({ service: 'payment-service', level: 'info' }, sink),
      pool,
      background,
    });
    Object.assign(harness, {
      app,
      config,
      pool,
      accounts,
      orderService,
      logs,
      adminToken: accounts.admin().token,
      groupId: config.kafka.groupId,
      topics,
    });
  }, 120_000);

  afterAll(async () => {
    await harness.app?.close();
    await harness.pool?.query(`DROP DATABASE IF EXISTS test_payments_db_${suffix}`);
    await harness.pool?.end();
    await harness.orderService?.close();
    await harness.accounts?.close();
    await harness.topics?.drop();
  }, 60_000);

  return harness;
};

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export { DECLINED_CARD, GOOD_CARD, NO_FUNDS_CARD, TIMEOUT_CARD } from './fixtures.js';

/** A new customer (with `savedCard` on the account, if given) and an order of theirs awaiting payment. */
export const orderFor = async (
  harness: PaymentHarness,
  totalAmount = 2_500,
  savedCard?: CardSummary,
) => {
  const customer = harness.accounts.customer(savedCard ? { card: savedCard } : {});
  const order = harness.orderService.book.place({ userId: customer.id, totalAmount });
  return { customer, order };
};

export const pay = async (
  harness: PaymentHarness,
  token: string,
  body: Record<string, unknown>,
  key: string = `pay-${crypto.randomUUID()}`,
  headers: Record<string, string> = {},
) =>
  await harness.app.inject({
    method: 'POST',
    url: '/api/v1/payments',
    headers: { ...bearer(token), 'idempotency-key': key, ...headers },
    payload: body,
  });

/** The attempts order-service was asked to register for an order, in order. */
export const registeredAttempts = (harness: PaymentHarness, orderId: string) =>
  harness.orderService.book.attempts.filter((attempt) => attempt.orderId === orderId);

/**
 * The domain's dependencies wired as app.ts wires them, to the harness's stubs and payments_db:
 * tests that need to step in between two calls of a flow wrap one port (`overrides`) and call
 * the domain functions directly.
 */
export const domainDeps = (
  harness: PaymentHarness,
  overrides: Partial<PaymentDeps> = {},
): PaymentDeps => {
  const token = async () => harness.accounts.serviceToken('payment-service');
  return {
    payments: createPaymentRepository(harness.pool),
    orders: createOrderClient(harness.config.orderServiceUrl, token),
    accounts: createAccountClient(harness.accounts.url, token),
    gateway: createGatewaySimulator(createGatewayLedger(harness.pool), harness.config.gateway),
    now: () => new Date(),
    interruptedAfterMs: harness.config.housekeeping.interruptedAfterMs,
    lookupPausesMs: [20, 20, 20],
    ...overrides,
  };
};

export { ledgerRows, storedEvents } from './store.js';
