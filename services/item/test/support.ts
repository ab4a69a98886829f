import { createLogger, type ServiceApp } from '@shop/platform';
import { createTopicNamespace, randomUpc, type TopicNamespace } from '@shop/testing';
import { type Identity, startIdentity } from '@shop/testing/identity';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type ItemAppDeps } from '../src/app.js';
import { loadItemConfig } from '../src/config.js';
import { createHoldRepository } from '../src/data/hold-repository.js';
import { prepareItemDb } from '../src/data/indexes.js';
import { createItemRepository } from '../src/data/item-repository.js';
import type { LifecycleDeps } from '../src/domain/lifecycle.js';

export interface ItemHarness {
  app: ServiceApp;
  db: Db;
  identity: Identity;
  adminToken: string;
  serviceToken: string;
  customerToken: string;
  /** The app's Kafka consumer group. */
  groupId: string;
  /** The suite's own topics: nothing another suite publishes reaches this app. */
  topics: TopicNamespace;
  /** The domain over the same database, to drive the sweeper or simulate a crash. */
  domain(now?: () => Date): LifecycleDeps;
}

/**
 * One item-service per test file on its own database and consumer group, with the real
 * account-service issuing tokens. Background work is off unless a test file asks for it.
 */
export const useItemService = (
  background: ItemAppDeps['background'] = { consumer: false, sweeper: false },
) => {
  const harness = {} as ItemHarness;
  const suffix = crypto.randomUUID().slice(0, 8);
  let mongo: MongoClient;

  beforeAll(async () => {
    const identity = await startIdentity();
    const topics = await createTopicNamespace((process.env.KAFKA_BROKERS ?? '').split(','));
    const config = loadItemConfig({
      ...process.env,
      KAFKA_TOPIC_NAMESPACE: topics.namespace,
      ITEM_DB_NAME: `itemdb_test_${suffix}`,
      ITEM_CONSUMER_GROUP: `item-service-test-${suffix}`,
      ACCOUNT_SERVICE_URL: identity.url,
      SWEEP_INTERVAL_MS: '200',
      HOLD_STUCK_AFTER_SECONDS: '1',
    });
    mongo = new MongoClient(config.mongo.url, { maxPoolSize: 100 });
    await mongo.connect();
    const db = mongo.db(config.mongo.database);
    const app = await buildApp({
      config,
      logger: createLogger({ service: 'item-service', level: 'warn' }),
      db,
      background,
    });
    const collections = await prepareItemDb(db);
    Object.assign(harness, {
      app,
      db,
      identity,
      adminToken: await identity.adminToken(),
      serviceToken: await identity.serviceToken(),
      customerToken: (await identity.customer()).token,
      groupId: config.kafka.groupId,
      topics,
      // Its writes are not hinted to the app's relay: its outbox sweep (every 200 ms) finds them.
      domain: (now = () => new Date()) => ({
        items: createItemRepository(collections.items),
        holds: createHoldRepository(collections.holds, { written: () => undefined }),
        now,
        wakeOutbox: () => undefined,
      }),
    });
  });

  afterAll(async () => {
    await harness.app?.close();
    await harness.db?.dropDatabase();
    await mongo?.close();
    await harness.identity?.close();
    await harness.topics?.drop();
  });

  return harness;
};

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const itemBody = (overrides: Record<string, unknown> = {}) => ({
  upc: randomUpc(),
  name: 'Studio Headphones',
  description: 'Closed-back headphones for mixing',
  unitPrice: 12_999,
  category: 'audio',
  attributes: { color: 'black', wireless: false },
  pictures: ['https://img.example/headphones.jpg'],
  initialStock: 10,
  ...overrides,
});

export const createItem = async (harness: ItemHarness, overrides: Record<string, unknown> = {}) => {
  const response = await harness.app.inject({
    method: 'POST',
    url: '/api/v1/items',
    headers: bearer(harness.adminToken),
    payload: itemBody(overrides),
  });
  if (response.statusCode !== 201) throw new Error(`create item failed: ${response.body}`);
  return response.json() as {
    id: string;
    upc: string;
    inventory: { onHand: number; reserved: number; available: number };
  };
};

export const placeHold = async (
  harness: ItemHarness,
  orderId: string,
  lines: { itemId: string; quantity: number }[],
  ttlSeconds?: number,
) =>
  await harness.app.inject({
    method: 'POST',
    url: '/api/v1/inventory/holds',
    headers: bearer(harness.serviceToken),
    payload: { orderId, lines, ...(ttlSeconds ? { ttlSeconds } : {}) },
  });

export const inventoryOf = async (harness: ItemHarness, itemId: string) =>
  (
    await harness.app.inject({ method: 'GET', url: `/api/v1/items/${itemId}/availability` })
  ).json() as {
    onHand: number;
    reserved: number;
    available: number;
  };

export { randomUpc };
