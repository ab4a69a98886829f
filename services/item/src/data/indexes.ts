import { createOutboxIndex } from '@shop/platform/mongo';
import type { Db } from 'mongodb';
import type { CategoryTreeDocument } from './category-repository.js';
import type { HoldDocument, ItemDocument } from './documents.js';

/** Collections and indexes of itemdb, created idempotently at start-up. */
export const prepareItemDb = async (db: Db) => {
  const items = db.collection<ItemDocument>('items');
  const holds = db.collection<HoldDocument>('holds');
  const categories = db.collection<CategoryTreeDocument>('categories');
  await items.createIndex({ upc: 1 }, { unique: true, name: 'uq_items_upc' });
  await items.createIndex({ keywords: 1 }, { name: 'ix_items_keywords' });
  await items.createIndex({ category: 1, createdAt: -1 }, { name: 'ix_items_category' });
  // The item counts of GET /categories: live items grouped by category, read off this index.
  await items.createIndex({ deletedAt: 1, category: 1 }, { name: 'ix_items_live_category' });
  await items.createIndex({ createdAt: -1, _id: -1 }, { name: 'ix_items_newest' });
  await items.createIndex({ 'inventory.reserved': 1, updatedAt: 1 }, { name: 'ix_items_reserved' });
  await holds.createIndex({ status: 1, updatedAt: 1 }, { name: 'ix_holds_status' });
  await holds.createIndex({ status: 1, expiresAt: 1 }, { name: 'ix_holds_expiry' });
  // The relay's search for holds with unsent events reads this, not every hold ever made.
  await createOutboxIndex(holds);
  return { items, holds, categories };
};
