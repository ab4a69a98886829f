import { createLogger, type ServiceApp } from '@shop/platform';
import {
  type AccountStub,
  createTopicNamespace,
  randomUpc,
  startAccountStub,
  type TopicNamespace,
} from '@shop/testing';
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
  /** account-service as item-service sees it: the JWKS its tokens are checked against. */
  accounts: AccountStub;
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
 * One item-service per test file on its own database, consumer group and topics, verifying
 * tokens issued by an account-service stub. Background work is off unless a test file asks.
 */
export const useItemService = (
  background: ItemAppDeps['background'] = { consumer: false, sweeper: false },
) => {
  const harness = {} as ItemHarness;
  const suffix = crypto.randomUUID().slice(0, 8);
  let mongo: MongoClient;

  beforeAll(async () => {
    const accounts = await startAccountStub();
    const topics = await createTopicNamespace((process.env.KAFKA_BROKERS ?? '').split(','));
    const config = loadItemConfig({
      ...process.env,
      KAFKA_TOPIC_NAMESPACE: topics.namespace,
      ITEM_DB_NAME: `itemdb_test_${suffix}`,
      ITEM_CONSUMER_GROUP: `item-service-test-${suffix}`,
      // The app stops (and resumes a retried partition) without waiting for a whole idle poll.
      KAFKA_CONSUMER_POLL_MS: '500',
      ACCOUNT_SERVICE_URL: accounts.url,
      JWT_ISSUER: accounts.issuer,
      JWT_AUDIENCE: accounts.audience,
      OUTBOX_SAFETY_POLL_MS: '200',
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
    // itemBody()'s category: an item must name an existing category.
    await ensureCategory({ app, adminToken: accounts.admin().token }, 'audio');
    Object.assign(harness, {
      app,
      db,
      accounts,
      adminToken: accounts.admin().token,
      serviceToken: accounts.serviceToken('order-service'),
      customerToken: accounts.customer().token,
      groupId: config.kafka.groupId,
      topics,
      // Its writes are not hinted to the app's relay: its outbox sweep (every 200 ms) finds them.
      domain: (now = () => new Date()) => ({
        items: createItemRepository(collections.items),
        holds: createHoldRepository(collections.holds, {
          written: () => undefined,
          wake: () => undefined,
        }),
        now,
      }),
    });
  });

  afterAll(async () => {
    await harness.app?.close();
    await harness.db?.dropDatabase();
    await mongo?.close();
    await harness.accounts?.close();
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

/** Creates the category unless it exists (an item must name an existing category). */
export const ensureCategory = async (
  harness: Pick<ItemHarness, 'app' | 'adminToken'>,
  slug: string,
  parent?: string,
) => {
  const response = await harness.app.inject({
    method: 'POST',
    url: '/api/v1/categories',
    headers: bearer(harness.adminToken),
    payload: { slug, name: `Category ${slug}`, ...(parent ? { parent } : {}) },
  });
  if (response.statusCode !== 201 && response.json().code !== 'category-exists')
    throw new Error(`create category failed: ${response.body}`);
};

/** Creates an item (and its category first, when the test names one of its own). */
export const createItem = async (harness: ItemHarness, overrides: Record<string, unknown> = {}) => {
  if (typeof overrides.category === 'string') await ensureCategory(harness, overrides.category);
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
