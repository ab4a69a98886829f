import { buildApp as buildItemApp } from '@shop/item-service/app';
import { loadItemConfig } from '@shop/item-service/config';
import { buildApp as buildOrderApp } from '@shop/order-service/app';
import { loadOrderConfig } from '@shop/order-service/config';
import { openOrderStore } from '@shop/order-service/store';
import { buildApp as buildPaymentApp } from '@shop/payment-service/app';
import { loadPaymentConfig } from '@shop/payment-service/config';
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
import { buildApp } from '../src/app.js';
import { type CartConfig, loadCartConfig } from '../src/config.js';

export interface CartHarness {
  app: ServiceApp;
  pool: Pool;
  items: ServiceApp;
  orders: ServiceApp;
  payments: ServiceApp;
  identity: Identity;
  adminToken: string;
  topics: TopicNamespace;
  /** Consumer groups of every saga service in the harness. */
  groupIds: string[];
  /** Another cart-service on the same database, configured differently (no consumer). */
  cartWith(overrides: Partial<CartConfig>): Promise<ServiceApp>;
}

/**
 * cart-service with the whole saga around it, in-process: the real account-service, item-,
 * order- and payment-service, each on its own database, topics and consumer groups, talking
 * over real HTTP and Kafka, so a checkout can be paid and completed for real.
 */
export const useCartService = () => {
  const harness = {} as CartHarness;
  const suffix = crypto.randomUUID().replaceAll('-', '').slice(0, 8);
  const names = {
    itemDb: `itemdb_cart_${suffix}`,
    keyspace: `orders_cart_${suffix}`,
    paymentDb: `test_payments_db_cart${suffix}`,
    cartDb: `test_carts_db_${suffix}`,
  };
  let mongo: MongoClient;
  let cassandra: Awaited<ReturnType<typeof openOrderStore>>;
  let paymentPool: Pool;

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
      ITEM_DB_NAME: names.itemDb,
      ITEM_CONSUMER_GROUP: `item-cart-${suffix}`,
    });
    mongo = await new MongoClient(itemConfig.mongo.url).connect();
    const items = await buildItemApp({
      config: itemConfig,
      logger,
      db: mongo.db(names.itemDb),
      background: { sweeper: false },
    });
    const itemUrl = await listen(items);

    const orderConfig = loadOrderConfig({
      ...env,
      ORDER_KEYSPACE: names.keyspace,
      ORDER_CONSUMER_GROUP: `order-cart-${suffix}`,
      ITEM_SERVICE_URL: itemUrl,
    });
    cassandra = await openOrderStore(orderConfig.cassandra);
    const orders = await buildOrderApp({
      config: orderConfig,
      logger,
      cassandra,
      background: { sweeper: false },
    });
    const orderUrl = await listen(orders);

    const paymentConfig = loadPaymentConfig({
      ...env,
      PAYMENT_DB_NAME: names.paymentDb,
      PAYMENT_CONSUMER_GROUP: `payment-cart-${suffix}`,
      ORDER_SERVICE_URL: orderUrl,
    });
    const config = loadCartConfig({
      ...env,
      CART_DB_NAME: names.cartDb,
      CART_CONSUMER_GROUP: `cart-test-${suffix}`,
      ITEM_SERVICE_URL: itemUrl,
      ORDER_SERVICE_URL: orderUrl,
    });
    await createScratchDatabase(config.mysql);
    await createScratchDatabase(paymentConfig.mysql);
    paymentPool = createMysqlPool(paymentConfig.mysql);
    const payments = await buildPaymentApp({
      config: paymentConfig,
      logger,
      pool: paymentPool,
      background: { housekeeping: false },
    });

    const cartPool = createMysqlPool(config.mysql);
    const cartLogger = createLogger({ service: 'cart-service', level: 'warn' });
    const app = await buildApp({ config, logger: cartLogger, pool: cartPool });
    Object.assign(harness, {
      app,
      pool: cartPool,
      items,
      orders,
      payments,
      identity,
      topics,
      adminToken: await identity.adminToken(),
      groupIds: [
        config.kafka.groupId,
        orderConfig.kafka.groupId,
        itemConfig.kafka.groupId,
        paymentConfig.kafka.groupId,
      ],
      cartWith: async (overrides: Partial<CartConfig>) =>
        await buildApp({
          config: { ...config, ...overrides },
          logger: cartLogger,
          pool: cartPool,
          background: { consumer: false },
        }),
    });
  }, 180_000);

  afterAll(async () => {
    await harness.app?.close();
    await harness.pool?.query(`DROP DATABASE IF EXISTS ${names.cartDb}`);
    await harness.pool?.end();
    await harness.payments?.close();
    await paymentPool?.query(`DROP DATABASE IF EXISTS ${names.paymentDb}`);
    await paymentPool?.end();
    await harness.orders?.close();
    await harness.items?.close();
    await cassandra?.execute(`DROP KEYSPACE IF EXISTS ${names.keyspace}`);
    await cassandra?.shutdown();
    await mongo?.db(names.itemDb).dropDatabase();
    await mongo?.close();
    await harness.identity?.close();
    await harness.topics?.drop();
  }, 60_000);

  return harness;
};

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A catalog item created by the admin at item-service. */
export const createItem = async (
  harness: CartHarness,
  overrides: { unitPrice?: number; initialStock?: number; currency?: string; name?: string } = {},
) => {
  const response = await harness.items.inject({
    method: 'POST',
    url: '/api/v1/items',
    headers: bearer(harness.adminToken),
    payload: {
      upc: randomUpc(),
      name: 'Desk Lamp',
      unitPrice: 3_500,
      category: 'home',
      pictures: ['https://img.example/lamp.jpg'],
      initialStock: 10,
      ...overrides,
    },
  });
  if (response.statusCode !== 201) throw new Error(`item not created: ${response.body}`);
  return response.json() as { id: string; unitPrice: number; name: string };
};

/** A request to cart-service as `token`. */
export const cartCall = async (
  harness: CartHarness,
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) =>
  await harness.app.inject({
    method,
    url: `/api/v1/cart${url}`,
    headers: { ...bearer(token), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

export const stockOf = async (harness: CartHarness, itemId: string) =>
  (await harness.items.inject({ method: 'GET', url: `/api/v1/items/${itemId}` })).json()
    .inventory as { onHand: number; reserved: number; available: number };
