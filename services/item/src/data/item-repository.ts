import type { ItemListQuery } from '@shop/contracts';
import { decodeCursor, encodeCursor } from '@shop/platform';
import type { Collection, Filter } from 'mongodb';
import type { ItemRecord, ReserveOutcome } from '../domain/model.js';
import type { ItemStore } from '../domain/ports.js';
import { type ItemDocument, keywordsOf } from './documents.js';

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
  minPrice,
  maxPrice,
  cursor,
}: ItemListQuery): Filter<ItemDocument>[] => {
  const and: Filter<ItemDocument>[] = [LIVE];
  if (ids) and.push({ _id: { $in: ids } });
  for (const word of keywordsOf(q ?? ''))
    and.push({ keywords: { $regex: `^${escapeRegex(word)}` } });
  if (category) and.push({ category });
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

// Paths of an order's entries; order ids are UUIDs, so they never contain '.' or '$'.
const reservationPath = (orderId: string) => `reservations.${orderId}`;
const quantityPath = (orderId: string) => `reservations.${orderId}.quantity`;
const restockPath = (orderId: string) => `restocks.${orderId}`;
const generationPath = (orderId: string) => `reservations.${orderId}.generation`;
const ofGeneration = (entry: { generation?: number }, generation: number | undefined) =>
  generation === undefined || (entry.generation ?? 0) === generation;
/** Entries written before generations existed count as generation 0. */
const generationGuard = (orderId: string, generation: number) => ({
  [generationPath(orderId)]: generation === 0 ? { $in: [0, null] } : generation,
});

export const createItemRepository = (items: Collection<ItemDocument>): ItemStore => {
  const reservationOf = async (itemId: string, orderId: string) => {
    const doc = await items.findOne(
      { _id: itemId },
      { projection: { [reservationPath(orderId)]: 1 } },
    );
    return doc?.reservations?.[orderId];
  };
  const reservedQuantity = async (itemId: string, orderId: string) =>
    (await reservationOf(itemId, orderId))?.quantity;

  /**
   * Removes the reservation if it is exactly `q` (and of `generation`, when given); a sale also
   * takes it off hand.
   */
  const takeIfReserved = async (
    itemId: string,
    orderId: string,
    q: number,
    sale: boolean,
    now: Date,
    generation?: number,
  ) => {
    const result = await items.updateOne(
      {
        _id: itemId,
        [quantityPath(orderId)]: q,
        ...(generation === undefined ? {} : generationGuard(orderId, generation)),
      } as Filter<ItemDocument>,
      {
        $inc: sale
          ? { 'inventory.reserved': -q, 'inventory.onHand': -q, 'ledger.committed': q }
          : { 'inventory.reserved': -q, 'inventory.available': q },
        $unset: { [reservationPath(orderId)]: '' },
        $set: { updatedAt: now },
      },
    );
    return result.modifiedCount === 1;
  };

  /**
   * Removes the order's reservation, guarded by its quantity (and generation, when given).
   * `expected` (the hold's line) is tried first, which saves reading the entry in the usual
   * case; a different or missing entry falls back to reading what is reserved.
   */
  const takeReservation = async (
    itemId: string,
    orderId: string,
    sale: boolean,
    now: Date,
    { expected, generation }: { expected?: number; generation?: number } = {},
  ) => {
    if (
      expected !== undefined &&
      (await takeIfReserved(itemId, orderId, expected, sale, now, generation))
    )
      return true;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const entry = await reservationOf(itemId, orderId);
      // None, or another generation's (the hold was placed again since): nothing of ours to take.
      if (entry === undefined || !ofGeneration(entry, generation)) return false;
      if (await takeIfReserved(itemId, orderId, entry.quantity, sale, now, generation)) return true;
    }
    throw new Error(`reservation of order ${orderId} on item ${itemId} kept changing`);
  };

  const outcomeAfterMiss = async (itemId: string): Promise<ReserveOutcome> => {
    const doc = await items.findOne({ _id: itemId, ...LIVE }, { projection: { inventory: 1 } });
    return doc ? { kind: 'short', available: doc.inventory.available } : { kind: 'missing' };
  };

  return {
    insert: async (item) => {
      const { id, ...rest } = item;
      await items.insertOne({
        _id: id,
        ...rest,
        keywords: keywordsOf(item.name, item.description),
        ledger: { initial: item.inventory.onHand, adjusted: 0, committed: 0, restocked: 0 },
        reservations: {},
        restocks: {},
        deletedAt: null,
      });
    },

    replace: async (id, fields) => {
      const doc = await items.findOneAndUpdate(
        { _id: id, ...LIVE },
        { $set: { ...fields, keywords: keywordsOf(fields.name, fields.description) } },
        { returnDocument: 'after' },
      );
      return doc ? toRecord(doc) : null;
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

    adjust: async (id, delta, now) => {
      // Shrinking may only take what is not reserved: available must stay ≥ 0.
      const guard = delta < 0 ? { 'inventory.available': { $gte: -delta } } : {};
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

    reserve: async (itemId, orderId, quantity, now, generation) => {
      const reserveOnce = async () =>
        await items.updateOne(
          {
            _id: itemId,
            ...LIVE,
            [reservationPath(orderId)]: { $exists: false },
            'inventory.available': { $gte: quantity },
          } as Filter<ItemDocument>,
          {
            $inc: { 'inventory.reserved': quantity, 'inventory.available': -quantity },
            $set: {
              [reservationPath(orderId)]: { quantity, at: now, generation },
              updatedAt: now,
            },
          },
        );
      if ((await reserveOnce()).modifiedCount === 1) return { kind: 'reserved' };
      const entry = await reservationOf(itemId, orderId);
      // Already reserved by an earlier attempt of the same placement: done.
      if (entry && (entry.generation ?? 0) === generation) return { kind: 'reserved' };
      // Left over from an earlier placement of this hold: give it back, then reserve afresh.
      if (
        entry &&
        (await takeReservation(itemId, orderId, false, now, { generation: entry.generation ?? 0 }))
      )
        if ((await reserveOnce()).modifiedCount === 1) return { kind: 'reserved' };
      return await outcomeAfterMiss(itemId);
    },

    resize: async (itemId, orderId, quantity, now) => {
      const current = await reservedQuantity(itemId, orderId);
      if (current === undefined) return await outcomeAfterMiss(itemId);
      const delta = quantity - current;
      if (delta === 0) return { kind: 'reserved' };
      const result = await items.updateOne(
        {
          _id: itemId,
          [quantityPath(orderId)]: current,
          ...(delta > 0 ? { 'inventory.available': { $gte: delta } } : {}),
        } as Filter<ItemDocument>,
        {
          $inc: { 'inventory.reserved': delta, 'inventory.available': -delta },
          $set: { [quantityPath(orderId)]: quantity, updatedAt: now },
        },
      );
      if (result.modifiedCount === 1 || (await reservedQuantity(itemId, orderId)) === quantity)
        return { kind: 'reserved' };
      return await outcomeAfterMiss(itemId);
    },

    release: async (itemId, orderId, now, generation) =>
      await takeReservation(
        itemId,
        orderId,
        false,
        now,
        generation === undefined ? {} : { generation },
      ),
    commit: async (itemId, orderId, now, expected) =>
      await takeReservation(itemId, orderId, true, now, expected === undefined ? {} : { expected }),

    restock: async (itemId, orderId, quantity, now) => {
      await items.updateOne(
        { _id: itemId, [restockPath(orderId)]: { $exists: false } } as Filter<ItemDocument>,
        {
          $inc: {
            'inventory.onHand': quantity,
            'inventory.available': quantity,
            'ledger.restocked': quantity,
          },
          $set: { [restockPath(orderId)]: now, updatedAt: now },
        },
      );
    },

    forgetRestock: async (itemId, orderId) => {
      await items.updateOne({ _id: itemId }, { $unset: { [restockPath(orderId)]: '' } });
    },

    // Items with any reservation or restock marker; entries older than `before` are returned.
    staleMarkers: async (before, limit) => {
      const docs = await items
        .find(
          { $or: [{ 'inventory.reserved': { $gt: 0 } }, { restocks: { $ne: {} } }] },
          { projection: { reservations: 1, restocks: 1 } },
        )
        .sort({ updatedAt: 1 })
        .limit(limit)
        .toArray();
      return docs.flatMap((doc) => [
        ...Object.entries(doc.reservations ?? {})
          .filter(([, entry]) => entry.at < before.reservations)
          .map(([orderId, entry]) => ({
            itemId: doc._id,
            orderId,
            kind: 'reservation' as const,
            generation: entry.generation ?? 0,
          })),
        ...Object.entries(doc.restocks ?? {})
          .filter(([, at]) => at < before.restocks)
          .map(([orderId]) => ({ itemId: doc._id, orderId, kind: 'restock' as const })),
      ]);
    },
  };
};
