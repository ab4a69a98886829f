import { prepareItemDb, toHoldDocument } from '@shop/item-service/history';
import { prepareNotificationDb, toNotificationDocument } from '@shop/notification-service/history';
import { openOrderStore } from '@shop/order-service/history';
import { MongoClient } from 'mongodb';
import { chunksOf, forEachBounded } from './batches.js';
import type { SeedConfig } from './config.js';
import { newSeedRun, type SeededOrder, seededOrder } from './history.js';
import { orderStatements, writeOrder } from './orders.js';

/** What was stored before a bench run: the report's first line. */
export interface Seeded {
  holds: number;
  orders: number;
  notifications: number;
  seconds: number;
}

const count = new Intl.NumberFormat('en-US');

/**
 * Writes `config.rows` finished orders, with a hold and a sent email each, straight into the
 * stores the services use, a chunk at a time: holds and notifications with one insertMany each
 * (unordered), orders with `config.concurrency` in flight. Ids are new each run, so running it
 * again adds as many again. The collections and the keyspace are prepared the services' way
 * first (idempotent), so it also works before the services ever started.
 */
export const seedHistory = async (
  config: SeedConfig,
  say: (line: string) => void = () => undefined,
): Promise<Seeded> => {
  const started = Date.now();
  const mongo = await MongoClient.connect(config.mongoUrl);
  const cassandra = await openOrderStore(config.cassandra);
  try {
    const { holds } = await prepareItemDb(mongo.db(config.itemDb));
    const { notifications } = await prepareNotificationDb(mongo.db(config.notificationDb));
    const run = newSeedRun(config.rows);
    const daysWritten = new Set<string>();
    for (const [start, end] of chunksOf(config.rows, config.chunk)) {
      const chunk: SeededOrder[] = [];
      for (let index = start; index < end; index += 1) chunk.push(seededOrder(run, index));
      await Promise.all([
        holds.insertMany(
          chunk.map(({ hold }) => toHoldDocument(hold)),
          { ordered: false },
        ),
        notifications.insertMany(
          chunk.map(({ notification }) => toNotificationDocument(notification)),
          { ordered: false },
        ),
        forEachBounded(
          chunk.map((seeded) => orderStatements(seeded, daysWritten)),
          config.concurrency,
          async (statements) => await writeOrder(cassandra, statements),
        ),
      ]);
      const seconds = Math.round((Date.now() - started) / 1000);
      say(
        `seeded ${count.format(end)} / ${count.format(config.rows)} orders, holds and notifications (${seconds} s)`,
      );
    }
  } finally {
    await mongo.close();
    await cassandra.shutdown();
  }
  const rows = config.rows;
  return {
    holds: rows,
    orders: rows,
    notifications: rows,
    seconds: Math.round((Date.now() - started) / 1000),
  };
};

/** "100,000 holds, 100,000 orders, 100,000 notifications". */
export const describeSeeded = (seeded: Pick<Seeded, 'holds' | 'orders' | 'notifications'>) =>
  `${count.format(seeded.holds)} holds, ${count.format(seeded.orders)} orders, ${count.format(seeded.notifications)} notifications`;
