import type { Collection, Filter } from 'mongodb';
import type { ItemStore } from '../domain/ports.js';
import type { ItemDocument } from './documents.js';

type StockUpdates = Pick<
  ItemStore,
  | 'reservationOf'
  | 'availableOf'
  | 'reserveIfFree'
  | 'resizeIf'
  | 'takeIf'
  | 'restockOnce'
  | 'forgetRestock'
  | 'staleMarkers'
>;

const LIVE = { deletedAt: null };

// Paths of an order's entries; order ids are UUIDs, so they never contain '.' or '$'.
const reservationPath = (orderId: string) => `reservations.${orderId}`;
const quantityPath = (orderId: string) => `reservations.${orderId}.quantity`;
const generationPath = (orderId: string) => `reservations.${orderId}.generation`;
const restockPath = (orderId: string) => `restocks.${orderId}`;
/** Entries written before generations existed count as generation 0. */
const generationGuard = (orderId: string, generation: number) => ({
  [generationPath(orderId)]: generation === 0 ? { $in: [0, null] } : generation,
});

/**
 * The stock side of items: each method is one guarded update (or one read) of one item
 * document, so `reserved = Σ reservations` and `available = onHand − reserved ≥ 0` hold after
 * every write, whatever runs concurrently (see documents.ts).
 */
export const itemStockUpdates = (items: Collection<ItemDocument>): StockUpdates => ({
  reservationOf: async (itemId, orderId) => {
    const doc = await items.findOne(
      { _id: itemId },
      { projection: { [reservationPath(orderId)]: 1 } },
    );
    const entry = doc?.reservations?.[orderId];
    return entry ? { quantity: entry.quantity, generation: entry.generation ?? 0 } : null;
  },

  availableOf: async (itemId) => {
    const doc = await items.findOne({ _id: itemId, ...LIVE }, { projection: { inventory: 1 } });
    return doc ? doc.inventory.available : null;
  },

  reserveIfFree: async (itemId, orderId, { quantity, generation }, now) => {
    const result = await items.updateOne(
      {
        _id: itemId,
        ...LIVE,
        [reservationPath(orderId)]: { $exists: false },
        'inventory.available': { $gte: quantity },
      } as Filter<ItemDocument>,
      {
        $inc: { 'inventory.reserved': quantity, 'inventory.available': -quantity },
        $set: { [reservationPath(orderId)]: { quantity, at: now, generation }, updatedAt: now },
      },
    );
    return result.modifiedCount === 1;
  },

  resizeIf: async (itemId, orderId, from, to, now) => {
    const delta = to - from;
    const result = await items.updateOne(
      {
        _id: itemId,
        [quantityPath(orderId)]: from,
        ...(delta > 0 ? { 'inventory.available': { $gte: delta } } : {}),
      } as Filter<ItemDocument>,
      {
        $inc: { 'inventory.reserved': delta, 'inventory.available': -delta },
        $set: { [quantityPath(orderId)]: to, updatedAt: now },
      },
    );
    return result.modifiedCount === 1;
  },

  takeIf: async (itemId, orderId, { quantity: q, generation }, as, now) => {
    const result = await items.updateOne(
      {
        _id: itemId,
        [quantityPath(orderId)]: q,
        ...(generation === undefined ? {} : generationGuard(orderId, generation)),
      } as Filter<ItemDocument>,
      {
        $inc:
          as === 'sale'
            ? { 'inventory.reserved': -q, 'inventory.onHand': -q, 'ledger.committed': q }
            : { 'inventory.reserved': -q, 'inventory.available': q },
        $unset: { [reservationPath(orderId)]: '' },
        $set: { updatedAt: now },
      },
    );
    return result.modifiedCount === 1;
  },

  restockOnce: async (itemId, orderId, quantity, now) => {
    const result = await items.updateOne(
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
    return result.modifiedCount === 1;
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
});
