import { createHoldRepository, type HoldDocument } from '@shop/item-service/history';
import {
  createNotificationRepository,
  prepareNotificationDb,
} from '@shop/notification-service/history';
import { createOrderRepository, openOrderStore } from '@shop/order-service/history';
import type cassandra from 'cassandra-driver';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedConfig, type SeedConfig } from '../src/seed/config.js';
import { seedHistory } from '../src/seed/seed.js';

// Scratch stores of this file (never the running stack's), dropped at the end.
const suffix = crypto.randomUUID().replaceAll('-', '').slice(0, 8);
const ROWS = 50;
let config: SeedConfig;
let mongo: MongoClient;
let orders: cassandra.Client;

beforeAll(async () => {
  config = loadSeedConfig({
    ...process.env,
    BENCH_SEED_ROWS: String(ROWS),
    BENCH_SEED_CHUNK: '20',
    ITEM_DB_NAME: `itemdb_test_${suffix}`,
    NOTIFICATION_DB_NAME: `notificationdb_test_${suffix}`,
    ORDER_KEYSPACE: `orders_test_${suffix}`,
  });
  mongo = await MongoClient.connect(config.mongoUrl);
  const progress: string[] = [];
  await seedHistory(config, (line) => progress.push(line));
  expect(progress).toHaveLength(3);
  orders = await openOrderStore(config.cassandra);
}, 120_000);

afterAll(async () => {
  await orders?.execute(`DROP KEYSPACE IF EXISTS ${config.cassandra.keyspace}`);
  await orders?.shutdown();
  await mongo?.db(config.itemDb).dropDatabase();
  await mongo?.db(config.notificationDb).dropDatabase();
  await mongo?.close();
}, 60_000);

const seededHolds = async () =>
  await mongo.db(config.itemDb).collection<HoldDocument>('holds').find({}).toArray();

describe('seeding real stores', () => {
  it('when a small history is seeded, then item-service finds every hold, finished and with nothing to publish', async () => {
    const docs = await seededHolds();
    expect(docs).toHaveLength(ROWS);
    const holds = createHoldRepository(mongo.db(config.itemDb).collection('holds'), {
      written: () => undefined,
      wake: () => undefined,
    });
    const found = await holds.findMany(docs.map((doc) => doc._id));
    expect(found).toHaveLength(ROWS);
    expect(new Set(found.map((hold) => hold.status))).toEqual(
      new Set(['COMMITTED', 'RELEASED', 'EXPIRED']),
    );
    expect(docs.every((doc) => doc.outbox.length === 0)).toBe(true);
    expect(await holds.expired(new Date(), 100)).toEqual([]);
  });

  it('when a small history is seeded, then order-service finds each order by id, lists it for its customer and shop-wide, with its timeline', async () => {
    const repository = createOrderRepository(orders, { written: () => undefined }, () => undefined);
    const [first] = await seededHolds();
    const order = await repository.find(first?._id ?? '');
    expect(order?.status).toMatch(/^(COMPLETED|CANCELLED)$/);
    if (!order) return;
    expect(order.items.map(({ itemId, quantity }) => ({ itemId, quantity }))).toEqual(first?.lines);
    const mine = await repository.listByUser(order.userId, 100, undefined);
    expect(mine.ids).toContain(order.id);
    // The shop-wide listing, page by page (a call reads 14 days): every seeded order, once.
    const listed: string[] = [];
    let after: Parameters<typeof repository.listEveryone>[0]['after'] = null;
    for (let call = 0; call < 100; call += 1) {
      const page = await repository.listEveryone({ limit: 100, after });
      listed.push(...page.entries.map((entry) => entry.orderId));
      after = page.next;
      if (!after) break;
    }
    expect(listed).toContain(order.id);
    expect(new Set(listed).size).toBe(ROWS);
    const timeline = await repository.timeline(order.id);
    expect(timeline[0]?.type).toBe('OrderCreated');
    expect(timeline.at(-1)?.type).toBe(
      order.status === 'COMPLETED' ? 'OrderCompleted' : 'OrderCancelled',
    );
    expect(await repository.dueDeadlines(new Date(), 100)).toEqual([]);
    const hints = await orders.execute('SELECT order_id FROM outbox_pending');
    expect(hints.rowLength).toBe(0);
  });

  it("when a small history is seeded, then notification-service lists each customer's sent emails and finds none due", async () => {
    const { notifications } = await prepareNotificationDb(mongo.db(config.notificationDb));
    const repository = createNotificationRepository(notifications);
    const [one] = await notifications.find({}).limit(1).toArray();
    const page = await repository.listByUser(one?.userId ?? '', 50, undefined);
    expect(page.notifications.length).toBeGreaterThan(1);
    expect(page.notifications.every((notification) => notification.status === 'SENT')).toBe(true);
    expect(await notifications.countDocuments()).toBe(ROWS);
    expect(await repository.findDue(new Date(), 100)).toEqual([]);
  });
});
