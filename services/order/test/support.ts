import { createLogger, type ServiceApp } from '@shop/platform';
import {
  type AccountStub,
  createTopicNamespace,
  startAccountStub,
  type TopicNamespace,
} from '@shop/testing';
import type cassandra from 'cassandra-driver';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type OrderAppDeps } from '../src/app.js';
import { loadOrderConfig } from '../src/config.js';
import { openOrderStore } from '../src/data/cassandra.js';
import { createOrderRepository } from '../src/data/order-repository.js';
import type { ChangeDeps } from '../src/domain/deps.js';
import { type ItemStub, startItemStub } from './item-stub.js';

export interface OrderHarness {
  app: ServiceApp;
  /** item-service, stubbed from the contracts: its items and holds are the test's to set. */
  items: ItemStub;
  /** account-service, stubbed: tokens for customers, the ADMIN and services. */
  accounts: AccountStub;
  cassandra: cassandra.Client;
  groupId: string;
  /** The suite's own topics: nothing another suite publishes reaches these apps. */
  topics: TopicNamespace;
  adminToken: string;
  /** The orders over the same keyspace with another clock (the sweeper with a moved clock). */
  domain(now?: () => Date): ChangeDeps;
}

/**
 * order-service alone on its own keyspace, topics and consumer group: tokens from an
 * account-service stub, stock from an item-service stub. What item-service's consumer would do
 * (commit a hold, answer with InventoryCommitted) the tests do themselves.
 */
export const useOrderService = (
  background: OrderAppDeps['background'] = { consumer: false, sweeper: false },
) => {
  const harness = {} as OrderHarness;
  const suffix = crypto.randomUUID().replaceAll('-', '').slice(0, 8);

  beforeAll(async () => {
    const accounts = await startAccountStub();
    const items = await startItemStub();
    const topics = await createTopicNamespace((process.env.KAFKA_BROKERS ?? '').split(','));
    const config = loadOrderConfig({
      ...process.env,
      KAFKA_TOPIC_NAMESPACE: topics.namespace,
      ORDER_KEYSPACE: `orders_test_${suffix}`,
      ORDER_CONSUMER_GROUP: `order-service-test-${suffix}`,
      // The app stops (and resumes a retried partition) without waiting for a whole idle poll.
      KAFKA_CONSUMER_POLL_MS: '500',
      ACCOUNT_SERVICE_URL: accounts.url,
      JWT_ISSUER: accounts.issuer,
      JWT_AUDIENCE: accounts.audience,
      ITEM_SERVICE_URL: items.url,
      // The PAID-age gauge's refresh, often enough for a test to see it move.
      PAID_AGE_REFRESH_MS: '1000',
      // Events written by the test's own repository (another process) are found by the search.
      OUTBOX_SAFETY_POLL_MS: '200',
    });
    const logger = createLogger({ service: 'test', level: 'warn' });
    const cassandra = await openOrderStore(config.cassandra);
    const app = await buildApp({ config, logger, cassandra, background });
    Object.assign(harness, {
      app,
      items,
      accounts,
      cassandra,
      groupId: config.kafka.groupId,
      topics,
      adminToken: accounts.admin().token,
      domain: (now = () => new Date()) => ({
        // Not the app's outbox: its relay finds these events by its periodic search.
        orders: createOrderRepository(cassandra, { written: () => undefined }, () => undefined),
        now,
      }),
    });
  }, 120_000);

  afterAll(async () => {
    await harness.app?.close();
    await harness.cassandra?.execute(`DROP KEYSPACE IF EXISTS orders_test_${suffix}`);
    await harness.cassandra?.shutdown();
    await harness.items?.close();
    await harness.accounts?.close();
    await harness.topics?.drop();
  }, 60_000);

  return harness;
};

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A catalog item in the item-service stub, with `stock` on hand. */
export const createItem = (harness: OrderHarness, stock = 10, unitPrice = 2_500) =>
  harness.items.addItem({ stock, unitPrice });

/** The item's stock as item-service would report it (reserved = its HELD holds). */
export const availability = (harness: OrderHarness, itemId: string) =>
  harness.items.availability(itemId);

export const placeOrder = async (
  harness: OrderHarness,
  token: string,
  items: ({ itemId: string; quantity: number } | { upc: string; quantity: number })[],
  headers: Record<string, string> = {},
) =>
  await harness.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...bearer(token), ...headers },
    payload: { items },
  });
