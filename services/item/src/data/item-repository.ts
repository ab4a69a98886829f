import type { ItemListQuery } from '@shop/contracts';
import { decodeCursor, encodeCursor } from '@shop/platform';
import type { Collection, Filter } from 'mongodb';
import type { ItemRecord } from '../domain/model.js';
import type { ItemStore } from '../domain/ports.js';
import { type ItemDocument, keywordsOf } from './documents.js';
import { isDuplicateKey } from './duplicate-key.js';
import { itemStockUpdates } from './item-stock.js';

const LIVE = { deletedAt: null };

// An item's bookkeeping (one entry per order holding it) never leaves the service: reads that
// return items leave it on the server, where a popular item's maps are most of its size.
const WITHOUT_BOOKKEEPING = { projection: { reservations: 0, restocks: 0, keywords: 0 } };

const toRecord = ({
  _id,
  keywords: _k,
  reservations: _r,
  restocks: _s,
  deletedAt: _d,
  ...rest
}: ItemDocument): ItemRecord => ({
  id: _id,
  ...rest,
});

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every word of `q` must prefix a keyword (no `$text`: works on any MongoDB-wire engine). */
const listFilter = ({
  ids,
  q,
  category,
  inCategories,
  minPrice,
  maxPrice,
  cursor,
}: ItemListQuery & { inCategories?: string[] }): Filter<ItemDocument>[] => {
  const and: Filter<ItemDocument>[] = [LIVE];
  if (ids) and.push({ _id: { $in: ids } });
  for (const word of keywordsOf(q ?? ''))
    and.push({ keywords: { $regex: `^${escapeRegex(word)}` } });
  if (category) and.push({ category: { $in: inCategories ?? [category] } });
  if (minPrice !== undefined) and.push({ unitPrice: { $gte: minPrice } });
  if (maxPrice !== undefined) and.push({ unitPrice: { $lte: maxPrice } });
  const after = cursor ? decodeCursor(cursor) : null;
  if (after) {
    and.push({
      $or: [
        { createdAt: { $lt: after.createdAt } },
        { createdAt: after.createdAt, _id: { $lt: after.id } },
      ],
    });
  }
  return and;
};

/** Items in MongoDB: the catalog here, the guarded stock updates in item-stock.ts. */
export const createItemRepository = (items: Collection<ItemDocument>): ItemStore => {
  return {
    ...itemStockUpdates(items),

    // The UPC's unique index (uq_items_upc) is what refuses a duplicate, also under a race.
    insert: async (item) => {
      const { id, ...rest } = item;
      try {
        await items.insertOne({
          _id: id,
          ...rest,
          keywords: keywordsOf(item.name, item.description),
          ledger: { initial: item.inventory.onHand, adjusted: 0, committed: 0, restocked: 0 },
          reservations: {},
          restocks: {},
          deletedAt: null,
        });
        return 'created';
      } catch (error) {
        if (isDuplicateKey(error)) return 'duplicate-upc';
        throw error;
      }
    },

    replace: async (id, fields) => {
      try {
        const doc = await items.findOneAndUpdate(
          { _id: id, ...LIVE },
          { $set: { ...fields, keywords: keywordsOf(fields.name, fields.description) } },
          { returnDocument: 'after' },
        );
        return doc ? toRecord(doc) : 'missing';
      } catch (error) {
        if (isDuplicateKey(error)) return 'duplicate-upc';
        throw error;
      }
    },

    // reserved = Σ reservations, so reserved 0 means no order holds the item.
    delete: async (id, now) => {
      const result = await items.updateOne(
        { _id: id, ...LIVE, 'inventory.reserved': 0 },
        { $set: { deletedAt: now, updatedAt: now } },
      );
      if (result.modifiedCount === 1) return 'deleted';
      return (await items.findOne({ _id: id, ...LIVE })) ? 'held' : 'missing';
    },

    findById: async (id) => {
      const doc = await items.findOne({ _id: id, ...LIVE }, WITHOUT_BOOKKEEPING);
      return doc ? toRecord(doc) : null;
    },

    findByUpc: async (upc) => {
      const doc = await items.findOne({ upc, ...LIVE }, WITHOUT_BOOKKEEPING);
      return doc ? toRecord(doc) : null;
    },

    findByUpcs: async (upcs) => {
      const docs = await items.find({ upc: { $in: upcs }, ...LIVE }, WITHOUT_BOOKKEEPING).toArray();
      return docs.map(toRecord);
    },

    // Newest first, keyset pagination on (createdAt, _id): stable under concurrent inserts.
    list: async (query) => {
      const docs = await items
        .find({ $and: listFilter(query) }, WITHOUT_BOOKKEEPING)
        .sort({ createdAt: -1, _id: -1 })
        .limit(query.limit + 1)
        .toArray();
      const page = docs.slice(0, query.limit).map(toRecord);
      const last = page.at(-1);
      return {
        items: page,
        nextCursor:
          docs.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
      };
    },

    categories: async () => {
      const rows = await items
        .aggregate<{ _id: string; count: number }>([
          { $match: LIVE },
          { $group: { _id: '$category', count: { $sum: 1 } } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      return rows.map((row) => ({ name: row._id, count: row.count }));
    },

    adjust: async (id, delta, availableAtLeast, now) => {
      const guard =
        availableAtLeast > 0 ? { 'inventory.available': { $gte: availableAtLeast } } : {};
      const result = await items.updateOne(
        { _id: id, ...LIVE, ...guard },
        {
          $inc: {
            'inventory.onHand': delta,
            'inventory.available': delta,
            'ledger.adjusted': delta,
          },
          $set: { updatedAt: now },
        },
      );
      const doc = await items.findOne({ _id: id, ...LIVE });
      if (!doc) return null;
      return result.modifiedCount === 1 ? toRecord(doc) : 'refused';
    },
  };
};
