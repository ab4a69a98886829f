import { createLogger, type ServiceApp } from '@shop/platform';
import { createMysqlPool } from '@shop/platform/mysql';
import {
  type AccountStub,
  createScratchDatabase,
  createTopicNamespace,
  startAccountStub,
  type TopicNamespace,
} from '@shop/testing';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../src/app.js';
import { type CartConfig, loadCartConfig } from '../src/config.js';
import {
  type CatalogStub,
  type OrderServiceStub,
  startCatalogStub,
  startOrderServiceStub,
} from './stubs.js';

export interface CartHarness {
  app: ServiceApp;
  pool: Pool;
  /** account-service: tokens (customer(), admin()) and the JWKS cart-service verifies them with. */
  accounts: AccountStub;
  /** item-service's catalog: what the cart prices its lines with. */
  catalog: CatalogStub;
  /** order-service: where checkouts place their orders. */
  orderService: OrderServiceStub;
  topics: TopicNamespace;
  /** cart-service's consumer group. */
  groupId: string;
  /** Another cart-service on the same database, configured differently (no consumer). */
  cartWith(overrides: Partial<CartConfig>): Promise<ServiceApp>;
}

/**
 * cart-service alone, on its own scratch database, topics and consumer group: its
 * collaborators (account-, item- and order-service) are contract-checked stubs, so what is
 * tested is cart-service's part; the journey across the real services is tests/e2e's.
 */
export const useCartService = () => {
  const harness = {} as CartHarness;
  const suffix = crypto.randomUUID().replaceAll('-', '').slice(0, 8);
  const cartDb = `test_carts_db_${suffix}`;

  beforeAll(async () => {
    const accounts = await startAccountStub();
    const catalog = await startCatalogStub();
    const orderService = await startOrderServiceStub(catalog.items);
    const topics = await createTopicNamespace((process.env.KAFKA_BROKERS ?? '').split(','));
    const config = loadCartConfig({
      ...process.env,
      ACCOUNT_SERVICE_URL: accounts.url,
      KAFKA_TOPIC_NAMESPACE: topics.namespace,
      CART_DB_NAME: cartDb,
      CART_CONSUMER_GROUP: `cart-test-${suffix}`,
      // The app stops (and resumes a retried partition) without waiting for a whole idle poll.
      KAFKA_CONSUMER_POLL_MS: '500',
      ITEM_SERVICE_URL: catalog.url,
      ORDER_SERVICE_URL: orderService.url,
    });
    await createScratchDatabase(config.mysql);
    const pool = createMysqlPool(config.mysql);
    const logger = createLogger({ service: 'cart-service', level: 'warn' });
    const app = await buildApp({ config, logger, pool });
    Object.assign(harness, {
      app,
      pool,
      accounts,
      catalog,
      orderService,
      topics,
      groupId: config.kafka.groupId,
      cartWith: async (overrides: Partial<CartConfig>) =>
        await buildApp({
          config: { ...config, ...overrides },
          logger,
          pool,
          background: { consumer: false },
        }),
    } satisfies CartHarness);
  }, 120_000);

  afterAll(async () => {
    await harness.app?.close();
    await harness.pool?.query(`DROP DATABASE IF EXISTS ${cartDb}`);
    await harness.pool?.end();
    await harness.orderService?.close();
    await harness.catalog?.close();
    await harness.accounts?.close();
    await harness.topics?.drop();
  }, 60_000);

  return harness;
};

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

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

/** The lines cart-service stored for a user, oldest first. */
export const storedLines = async (harness: CartHarness, userId: string) => {
  const [rows] = await harness.pool.query<RowDataPacket[]>(
    'SELECT item_id AS itemId, quantity FROM cart_lines WHERE user_id = ? ORDER BY added_at, item_id',
    [userId],
  );
  return rows.map((row) => ({ itemId: row.itemId, quantity: row.quantity }));
};
