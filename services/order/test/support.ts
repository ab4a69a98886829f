import { buildApp as buildItemApp } from '@shop/item-service/app';
import { loadItemConfig } from '@shop/item-service/config';
import { createLogger, type ServiceApp } from '@shop/platform';
import { createTopicNamespace, listen, randomUpc, type TopicNamespace } from '@shop/testing';
import { type Identity, startIdentity } from '@shop/testing/identity';
import type cassandra from 'cassandra-driver';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type OrderAppDeps } from '../src/app.js';
import { loadOrderConfig } from '../src/config.js';
import { openOrderStore } from '../src/data/cassandra.js';
import { createIdempotencyRepository } from '../src/data/idempotency-repository.js';
import { createOrderRepository } from '../src/data/order-repository.js';
import type { OrderDeps } from '../src/domain/orders.js';

export interface OrderHarness {
  app: ServiceApp;
  /** The real item-service, in-process with its own database. */
  items: ServiceApp;
  identity: Identity;
  cassandra: cassandra.Client;
  groupId: string;
  /** The suite's own topics: nothing another suite publishes reaches these apps. */
  topics: TopicNamespace;
  adminToken: string;
  /** The domain over the same keyspace (sweeper with a moved clock). */
  domain(now?: () => Date): OrderDeps;
}

/**
 * order-service on its own keyspace and consumer group, with the real account-service issuing
 * tokens and the real item-service (consuming the saga events too) holding stock.
 */
export const useOrderService = (
  background: OrderAppDeps['background'] = { consumer: false, sweeper: false },
) => {
  const harness = {} as OrderHarness;
  const suffix = crypto.randomUUID().replaceAll('-', '').slice(0, 8);
  let mongo: MongoClient;

  beforeAll(async () => {
    const identity = await startIdentity();
    const topics = await createTopicNamespace((process.env.KAFKA_BROKERS ?? '').split(','));
    const itemConfig = loadItemConfig({
      ...process.env,
      KAFKA_TOPIC_NAMESPACE: topics.namespace,
      ITEM_DB_NAME: `itemdb_order_test_${suffix}`,
      ITEM_CONSUMER_GROUP: `item-for-order-test-${suffix}`,
      ACCOUNT_SERVICE_URL: identity.url,
    });
    mongo = new MongoClient(itemConfig.mongo.url);
    await mongo.connect();
    const logger = createLogger({ service: 'test', level: 'warn' });
    const items = await buildItemApp({
      config: itemConfig,
      logger,
      db: mongo.db(itemConfig.mongo.database),
      background: { consumer: background?.consumer !== false, sweeper: false },
    });
    const config = loadOrderConfig({
      ...process.env,
      KAFKA_TOPIC_NAMESPACE: topics.namespace,
      ORDER_KEYSPACE: `orders_test_${suffix}`,
      ORDER_CONSUMER_GROUP: `order-service-test-${suffix}`,
      ACCOUNT_SERVICE_URL: identity.url,
      ITEM_SERVICE_URL: await listen(items),
    });
    const cassandra = await openOrderStore(config.cassandra);
    const app = await buildApp({ config, logger, cassandra, background });
    Object.assign(harness, {
      app,
      items,
      identity,
      cassandra,
      groupId: config.kafka.groupId,
      topics,
      adminToken: await identity.adminToken(),
      domain: (now = () => new Date()) => ({
        // Not the app's outbox: its relay finds these events by its periodic search.
        orders: createOrderRepository(cassandra, { written: () => undefined }),
        idempotency: createIdempotencyRepository(cassandra),
        inventory: null as never,
        now,
        paymentDeadlineSeconds: config.paymentDeadlineSeconds,
        wakeOutbox: () => undefined,
      }),
    });
  }, 120_000);

  afterAll(async () => {
    await harness.app?.close();
    await harness.items?.close();
    await harness.cassandra?.execute(`DROP KEYSPACE IF EXISTS orders_test_${suffix}`);
    await harness.cassandra?.shutdown();
    await mongo?.db(`itemdb_order_test_${suffix}`).dropDatabase();
    await mongo?.close();
    await harness.identity?.close();
    await harness.topics?.drop();
  }, 60_000);

  return harness;
};

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A catalog item created through item-service's API by the bootstrap ADMIN. */
export const createItem = async (harness: OrderHarness, stock = 10, unitPrice = 2_500) => {
  const response = await harness.items.inject({
    method: 'POST',
    url: '/api/v1/items',
    headers: bearer(harness.adminToken),
    payload: {
      upc: randomUpc(),
      name: 'Test Item',
      unitPrice,
      category: 'test',
      initialStock: stock,
    },
  });
  if (response.statusCode !== 201) throw new Error(`create item failed: ${response.body}`);
  return response.json() as { id: string; unitPrice: number };
};

export const availability = async (harness: OrderHarness, itemId: string) =>
  (
    await harness.items.inject({ method: 'GET', url: `/api/v1/items/${itemId}/availability` })
  ).json() as {
    onHand: number;
    reserved: number;
    available: number;
  };

export const placeOrder = async (
  harness: OrderHarness,
  token: string,
  items: { itemId: string; quantity: number }[],
  headers: Record<string, string> = {},
) =>
  await harness.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...bearer(token), ...headers },
    payload: { items },
  });
