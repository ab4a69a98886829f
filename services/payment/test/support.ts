import { Writable } from 'node:stream';
import { buildApp as buildItemApp } from '@shop/item-service/app';
import { loadItemConfig } from '@shop/item-service/config';
import { buildApp as buildOrderApp } from '@shop/order-service/app';
import { loadOrderConfig } from '@shop/order-service/config';
import { openOrderStore } from '@shop/order-service/store';
import { createLogger, type ServiceApp } from '@shop/platform';
import { createMysqlPool } from '@shop/platform/mysql';
import {
  createScratchDatabase,
  createTopicNamespace,
  listen,
  randomUpc,
  type TopicNamespace,
} from '@shop/testing';
import { type Identity, startIdentity } from '@shop/testing/identity';
import { MongoClient } from 'mongodb';
import type { Pool } from 'mysql2/promise';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type PaymentAppDeps } from '../src/app.js';
import { createAccountClient, createOrderClient } from '../src/clients/services.js';
import { loadPaymentConfig, type PaymentConfig } from '../src/config.js';
import { createGatewayLedger } from '../src/data/gateway-ledger.js';
import { createPaymentRepository } from '../src/data/payment-repository.js';
import { createGatewaySimulator } from '../src/domain/gateway.js';
import type { PaymentDeps } from '../src/domain/payments.js';

export interface PaymentHarness {
  app: ServiceApp;
  config: PaymentConfig;
  pool: Pool;
  items: ServiceApp;
  orders: ServiceApp;
  identity: Identity;
  adminToken: string;
  groupId: string;
  /** The suite's own topics: nothing another suite publishes reaches these apps. */
  topics: TopicNamespace;
  /** Every log line payment-service wrote. */
  logs: string[];
}

/**
 * payment-service with the whole saga around it, in-process: the real account-service (tokens,
 * saved cards), item-service and order-service (both consuming), each on its own database and
 * consumer groups, all over real HTTP and Kafka.
 */
export const usePaymentService = (
  background: PaymentAppDeps['background'] = { consumer: true, housekeeping: false },
) => {
  const harness = {} as PaymentHarness;
  const suffix = crypto.randomUUID().replaceAll('-', '').slice(0, 8);
  let mongo: MongoClient;
  let cassandraClient: Awaited<ReturnType<typeof openOrderStore>>;

  beforeAll(async () => {
    const identity = await startIdentity();
    const logger = createLogger({ service: 'test', level: 'warn' });
    const topics = await createTopicNamespace((process.env.KAFKA_BROKERS ?? '').split(','));
    const env = {
      ...process.env,
      ACCOUNT_SERVICE_URL: identity.url,
      KAFKA_TOPIC_NAMESPACE: topics.namespace,
    };
    const itemConfig = loadItemConfig({
      ...env,
      ITEM_DB_NAME: `itemdb_pay_${suffix}`,
      ITEM_CONSUMER_GROUP: `item-pay-${suffix}`,
    });
    mongo = new MongoClient(itemConfig.mongo.url);
    await mongo.connect();
    const items = await buildItemApp({
      config: itemConfig,
      logger,
      db: mongo.db(itemConfig.mongo.database),
      background: { sweeper: false },
    });
    const orderConfig = loadOrderConfig({
      ...env,
      ORDER_KEYSPACE: `orders_pay_${suffix}`,
      ORDER_CONSUMER_GROUP: `order-pay-${suffix}`,
      ITEM_SERVICE_URL: await listen(items),
    });
    cassandraClient = await openOrderStore(orderConfig.cassandra);
    const orders = await buildOrderApp({
      config: orderConfig,
      logger,
      cassandra: cassandraClient,
      background: { sweeper: false },
    });
    const config = loadPaymentConfig({
      ...env,
      // Its own scratch database: no other suite or service reads its outbox.
      PAYMENT_DB_NAME: `test_payments_db_${suffix}`,
      PAYMENT_CONSUMER_GROUP: `payment-test-${suffix}`,
      ORDER_SERVICE_URL: await listen(orders),
    });
    await createScratchDatabase(config.mysql);
    const logs: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const pool = createMysqlPool({ ...config.mysql, connectionLimit: 30 });
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
      items,
      orders,
      identity,
      logs,
      adminToken: await identity.adminToken(),
      groupId: config.kafka.groupId,
      topics,
    });
  }, 180_000);

  afterAll(async () => {
    await harness.app?.close();
    await harness.pool?.query(`DROP DATABASE IF EXISTS test_payments_db_${suffix}`);
    await harness.pool?.end();
    await harness.orders?.close();
    await harness.items?.close();
    await cassandraClient?.execute(`DROP KEYSPACE IF EXISTS orders_pay_${suffix}`);
    await cassandraClient?.shutdown();
    await mongo?.db(`itemdb_pay_${suffix}`).dropDatabase();
    await mongo?.close();
    await harness.identity?.close();
    await harness.topics?.drop();
  }, 60_000);

  return harness;
};

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const GOOD_CARD = {
  cardNumber: '4242 4242 4242 4242',
  expMonth: 12,
  expYear: 2099,
  holderName: 'Test Customer',
  cvc: '123',
};
export const DECLINED_CARD = { ...GOOD_CARD, cardNumber: '4000 0000 0000 0002' };
export const NO_FUNDS_CARD = { ...GOOD_CARD, cardNumber: '4000 0000 0000 9995' };

/** A customer with an order of one item at `unitPrice`, awaiting payment. */
export const orderFor = async (
  harness: PaymentHarness,
  unitPrice = 2_500,
  headers: Record<string, string> = {},
) => {
  const customer = await harness.identity.customer();
  const item = await harness.items.inject({
    method: 'POST',
    url: '/api/v1/items',
    headers: bearer(harness.adminToken),
    payload: {
      upc: randomUpc(),
      name: 'Thing',
      unitPrice,
      category: 'test',
      initialStock: 10,
    },
  });
  const order = await harness.orders.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...bearer(customer.token), ...headers },
    payload: { items: [{ itemId: item.json().id, quantity: 1 }] },
  });
  if (order.statusCode !== 201) throw new Error(`order failed: ${order.body}`);
  return {
    customer,
    order: order.json() as { id: string; totalAmount: number; currency: string },
    itemId: item.json().id as string,
  };
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

export const orderStatus = async (harness: PaymentHarness, orderId: string, token: string) =>
  (
    await harness.orders.inject({
      method: 'GET',
      url: `/api/v1/orders/${orderId}`,
      headers: bearer(token),
    })
  ).json() as {
    status: string;
    paymentStatus: string;
  };

/**
 * The domain's dependencies wired as app.ts wires them, to the harness's real order-service,
 * account-service and payments_db: tests that need to step in between two calls of a flow wrap
 * one port (`overrides`) and call the domain functions directly.
 */
export const domainDeps = (
  harness: PaymentHarness,
  overrides: Partial<PaymentDeps> = {},
): PaymentDeps => {
  const token = () => harness.identity.serviceToken('payment-service');
  return {
    payments: createPaymentRepository(harness.pool),
    orders: createOrderClient(harness.config.orderServiceUrl, token),
    accounts: createAccountClient(harness.identity.url, token),
    gateway: createGatewaySimulator(createGatewayLedger(harness.pool), harness.config.gateway),
    now: () => new Date(),
    // The app's relay polls the outbox too; tests read the outbox table.
    wakeOutbox: () => undefined,
    interruptedAfterMs: harness.config.housekeeping.interruptedAfterMs,
    lookupPausesMs: [20, 20, 20],
    ...overrides,
  };
};

/** A card whose every charge times out at the gateway after it was recorded (approved). */
export const TIMEOUT_CARD = { ...GOOD_CARD, cardNumber: '4000 0000 0000 0408' };

export { ledgerRows, storedEvents } from './store.js';
