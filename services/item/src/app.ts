import {
  createRegistry,
  createServiceApp,
  type KeyResolver,
  type ServiceApp,
  type ServiceLogger,
  stopOnClose,
} from '@shop/platform';
import { connectServiceKafka } from '@shop/platform/kafka';
import type { DueSweeper } from '@shop/platform/lifecycle';
import { embeddedOutbox } from '@shop/platform/mongo';
import type { Db } from 'mongodb';
import type { ItemConfig } from './config.js';
import { ITEM_TOPICS, itemSagaHandler } from './consumers/saga-events.js';
import { createCategoryRepository } from './data/category-repository.js';
import { createHoldRepository } from './data/hold-repository.js';
import { prepareItemDb } from './data/indexes.js';
import { createItemRepository } from './data/item-repository.js';
import {
  type CatalogLists,
  createCatalogLists,
  type ItemListPage,
} from './domain/catalog-lists.js';
import { createCatalogReads } from './domain/catalog-reads.js';
import { adoptItemCategories } from './domain/category-catalog.js';
import type { HoldDeps } from './domain/holds.js';
import type { LifecycleDeps } from './domain/lifecycle.js';
import { noticingWrites } from './domain/noticed-writes.js';
import { createReadCache } from './domain/read-cache.js';
import { startSweeper } from './jobs/sweeper.js';
import { categoryRoutes } from './routes/categories.js';
import { holdRoutes } from './routes/holds.js';
import { type ItemRepresentation, representItem } from './routes/item-representation.js';
import { itemRoutes } from './routes/items.js';

export interface ItemAppDeps {
  config: ItemConfig;
  logger: ServiceLogger;
  db: Db;
  now?: () => Date;
  /** Verifies tokens; defaults to account-service's JWKS. */
  resolveKey?: KeyResolver;
  /** Background work, all on by default; tests switch parts off to drive them by hand. */
  background?: { consumer?: boolean; sweeper?: boolean };
}

/**
 * item-service: catalog and inventory over HTTP; holds for order-service; and, in the
 * background, the saga consumer (commit on payment, release/restock on cancel), the outbox
 * relay publishing inventory.events, and the hold sweeper.
 */
export const buildApp = async (deps: ItemAppDeps): Promise<ServiceApp> => {
  const { config, logger } = deps;
  const collections = await prepareItemDb(deps.db);
  // Every write to an item, the saga's and the sweeper's too, drops it from the read cache.
  const readCache = createReadCache<ItemRepresentation>(config.readCache);
  // Bound below, once the catalog it reads exists; a write can only come after that.
  let lists: CatalogLists | undefined;
  const items = noticingWrites(createItemRepository(collections.items), (id) => {
    readCache.invalidate(id);
    lists?.changed();
  });
  const outbox = embeddedOutbox(collections.holds, {
    sweepIntervalMs: config.kafka.outboxSafetyPollMs,
  });
  const now = deps.now ?? (() => new Date());
  const categoryStore = createCategoryRepository(collections.categories);
  // Moving a category changes which items a category page lists: cached pages go too.
  const categories: typeof categoryStore = {
    ...categoryStore,
    write: async (expected, records) => {
      try {
        return await categoryStore.write(expected, records);
      } finally {
        lists?.changed();
      }
    },
  };
  // Items from before categories were managed name slugs no category has: adopt them first.
  const adopted = await adoptItemCategories({ categories, items, now });
  if (adopted.length > 0) logger.info({ adopted }, 'categories adopted from existing items');

  const registry = createRegistry('item-service');
  const events = await connectServiceKafka({
    config: config.kafka,
    clientId: 'item-service',
    logger,
    outbox,
    registry,
  });
  // The sweeper, started below once the repository it sweeps exists, learns from it when each
  // hold this process writes falls due.
  let sweeper: DueSweeper | undefined;
  // The repository hints the relay at the hold it wrote events into, and wakes it.
  const holds = createHoldRepository(
    collections.holds,
    { written: (orderId) => outbox.written(orderId), wake: events.wakeOutbox },
    {
      dueAt: (at) => sweeper?.dueAt(at),
      stuckAfterMs: config.holds.stuckAfterSeconds * 1000,
    },
  );
  const lifecycle: LifecycleDeps = { items, holds, now };
  const holdDeps: HoldDeps = { ...lifecycle, defaultTtlSeconds: config.holds.defaultTtlSeconds };

  const app = await createServiceApp({
    service: 'item-service',
    corsOrigins: config.cors,
    description: 'Catalog, inventory and stock holds',
    logger,
    readiness: { mongo: async () => await deps.db.command({ ping: 1 }), kafka: events.ready },
    registry,
    pressure: config.pressure,
    auth: { ...config.auth, resolveKey: deps.resolveKey },
  });
  const catalog = { items, categories, now };
  lists = createCatalogLists(catalog, createReadCache<ItemListPage>(config.listCache));
  await app.register(itemRoutes, {
    deps: catalog,
    reads: createCatalogReads(catalog, readCache, representItem),
    lists,
    maxAgeSeconds: config.readCache.httpMaxAgeSeconds,
  });
  await app.register(categoryRoutes, { deps: { categories, items, now } });
  await app.register(holdRoutes, { deps: holdDeps });

  const consumer =
    deps.background?.consumer === false
      ? undefined
      : await events.consume(ITEM_TOPICS, itemSagaHandler(lifecycle));
  sweeper =
    deps.background?.sweeper === false
      ? undefined
      : startSweeper(lifecycle, {
          intervalMs: config.holds.holdSweepIntervalMs,
          stuckAfterMs: config.holds.stuckAfterSeconds * 1000,
          restockRetentionMs: config.holds.restockRetentionHours * 3_600_000,
          logger,
        });
  stopOnClose(app, events, sweeper, consumer);
  return app;
};
