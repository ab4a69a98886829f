import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildApp as buildItemApp } from '@shop/item-service/app';
import { loadItemConfig } from '@shop/item-service/config';
import { createLogger, type ServiceApp } from '@shop/platform';
import { closedPortUrl, createTopicNamespace, listen, type TopicNamespace } from '@shop/testing';
import { type Identity, startIdentity } from '@shop/testing/identity';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../src/app.js';
import { type GatewayConfig, loadGatewayConfig } from '../src/config.js';

export interface GatewayHarness {
  app: ServiceApp;
  identity: Identity;
  adminToken: string;
  /** Every log line item-service wrote (to follow a request id). */
  itemLogs: string[];
  /** Another gateway over the same services, configured differently. */
  gatewayWith(overrides: Partial<GatewayConfig>): Promise<ServiceApp>;
}

/** A storefront build as Vite lays it out: index.html and hashed assets. */
const fakeStorefront = async () => {
  const directory = await mkdtemp(join(tmpdir(), 'storefront-'));
  await mkdir(join(directory, 'assets'));
  await writeFile(
    join(directory, 'index.html'),
    '<!doctype html><title>Shop</title><div id="root"></div>',
  );
  await writeFile(join(directory, 'assets', 'index-1a2b3c.js'), 'console.log("shop")');
  return directory;
};

/**
 * The gateway in front of the real account-service and item-service (in-process, over HTTP);
 * the other services' addresses are closed ports, to see how the gateway answers for them.
 */
export const useGateway = () => {
  const harness = {} as GatewayHarness;
  const suffix = crypto.randomUUID().slice(0, 8);
  let mongo: MongoClient;
  let items: ServiceApp;
  let topics: TopicNamespace;

  beforeAll(async () => {
    const identity = await startIdentity();
    topics = await createTopicNamespace((process.env.KAFKA_BROKERS ?? '').split(','));
    const env = {
      ...process.env,
      ACCOUNT_SERVICE_URL: identity.url,
      KAFKA_TOPIC_NAMESPACE: topics.namespace,
    };
    const itemConfig = loadItemConfig({
      ...env,
      ITEM_DB_NAME: `itemdb_gw_${suffix}`,
      ITEM_CONSUMER_GROUP: `item-gw-${suffix}`,
    });
    mongo = await new MongoClient(itemConfig.mongo.url).connect();
    const itemLogs: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        itemLogs.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    items = await buildItemApp({
      config: itemConfig,
      logger: createLogger({ service: 'item-service', level: 'info' }, sink),
      db: mongo.db(itemConfig.mongo.database),
      background: { consumer: false, sweeper: false },
    });
    const down = await closedPortUrl();
    const config = loadGatewayConfig({
      ...env,
      ITEM_SERVICE_URL: await listen(items),
      ORDER_SERVICE_URL: down,
      PAYMENT_SERVICE_URL: down,
      CART_SERVICE_URL: down,
      NOTIFICATION_SERVICE_URL: down,
      STOREFRONT_DIR: await fakeStorefront(),
    });
    const logger = createLogger({ service: 'gateway', level: 'warn' });
    Object.assign(harness, {
      app: await buildApp({ config, logger }),
      identity,
      itemLogs,
      adminToken: await identity.adminToken(),
      gatewayWith: async (overrides: Partial<GatewayConfig>) =>
        await buildApp({ config: { ...config, ...overrides }, logger }),
    });
  }, 120_000);

  afterAll(async () => {
    await harness.app?.close();
    await items?.close();
    await mongo?.db(`itemdb_gw_${suffix}`).dropDatabase();
    await mongo?.close();
    await harness.identity?.close();
    await topics?.drop();
  });

  return harness;
};

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
