import type { ItemListQuery } from '@shop/contracts';
import { decodeCursor, encodeCursor } from '@shop/platform/cursor';
import { keywordsOf } from '../../../src/data/documents.js';
import type { ItemRecord, Reservation } from '../../../src/domain/model.js';
import type { ItemMarker, ItemStore } from '../../../src/domain/ports.js';

/** One item as the MongoDB document keeps it: the record plus its per-order bookkeeping. */
interface StoredItem {
  record: ItemRecord;
  reservations: Map<string, Reservation & { at: Date }>;
  restocks: Map<string, Date>;
  deletedAt: Date | null;
}

const copy = <T>(value: T): T => structuredClone(value);

/**
 * ItemStore in memory, with the guards of the MongoDB repository: each write checks its guard
 * and applies its whole change, or nothing (the single-document update), and keeps
 * `available = onHand − reserved` and `reserved = Σ reservations` exactly as the `$inc`s do.
 */
export const memoryItemStore = () => {
  const items = new Map<string, StoredItem>();
  const live = (id: string) => {
    const item = items.get(id);
    return item && item.deletedAt === null ? item : undefined;
  };
  const change = (item: StoredItem, now: Date, delta: Partial<ItemRecord['inventory']>) => {
    const inventory = item.record.inventory;
    inventory.onHand += delta.onHand ?? 0;
    inventory.reserved += delta.reserved ?? 0;
    inventory.available += delta.available ?? 0;
    item.record.updatedAt = now;
  };
  const matches = (record: ItemRecord, query: ItemListQuery & { inCategories?: string[] }) => {
    const words = keywordsOf(record.name, record.description);
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    return (
      (!query.ids || query.ids.includes(record.id)) &&
      keywordsOf(query.q ?? '').every((word) => words.some((kw) => kw.startsWith(word))) &&
      (!query.category || (query.inCategories ?? [query.category]).includes(record.category)) &&
      (query.minPrice === undefined || record.unitPrice >= query.minPrice) &&
      (query.maxPrice === undefined || record.unitPrice <= query.maxPrice) &&
      (!after ||
        record.createdAt < after.createdAt ||
        (record.createdAt.getTime() === after.createdAt.getTime() && record.id < after.id))
    );
  };
  const newestFirst = (a: ItemRecord, b: ItemRecord) =>
    b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1);

  const store: ItemStore = {
    insert: async (item) => {
      if ([...items.values()].some((other) => other.record.upc === item.upc))
        return 'duplicate-upc';
      items.set(item.id, {
        record: copy(item),
        reservations: new Map(),
        restocks: new Map(),
        deletedAt: null,
      });
      return 'created';
    },
    replace: async (id, fields) => {
      const item = live(id);
      if (!item) return 'missing';
      if ([...items.values()].some((other) => other !== item && other.record.upc === fields.upc))
        return 'duplicate-upc';
      item.record = { ...item.record, ...copy(fields) };
      return copy(item.record);
    },
    delete: async (id, now) => {
      const item = live(id);
      if (!item) return 'missing';
      if (item.record.inventory.reserved !== 0) return 'held';
      item.deletedAt = now;
      item.record.updatedAt = now;
      return 'deleted';
    },
    findById: async (id) => copy(live(id)?.record ?? null),
    findByUpc: async (upc) =>
      copy(
        [...items.values()].find((item) => !item.deletedAt && item.record.upc === upc)?.record,
      ) ?? null,
    findByUpcs: async (upcs) =>
      copy(
        [...items.values()]
          .filter((item) => !item.deletedAt && upcs.includes(item.record.upc))
          .map((item) => item.record),
      ),
    list: async (query) => {
      const found = [...items.values()]
        .filter((item) => !item.deletedAt && matches(item.record, query))
        .map((item) => item.record)
        .sort(newestFirst);
      const page = found.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: copy(page),
        nextCursor:
          found.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
      };
    },
    categories: async () => {
      const counts = new Map<string, number>();
      for (const item of items.values())
        if (!item.deletedAt)
          counts.set(item.record.category, (counts.get(item.record.category) ?? 0) + 1);
      return [...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, count]) => ({ name, count }));
    },
    adjust: async (id, delta, availableAtLeast, now) => {
      const item = live(id);
      if (!item) return null;
      if (item.record.inventory.available < availableAtLeast) return 'refused';
      change(item, now, { onHand: delta, available: delta });
      return copy(item.record);
    },

    reservationOf: async (itemId, orderId) => {
      const entry = items.get(itemId)?.reservations.get(orderId);
      return entry ? { quantity: entry.quantity, generation: entry.generation } : null;
    },
    availableOf: async (itemId) => live(itemId)?.record.inventory.available ?? null,
    reserveIfFree: async (itemId, orderId, { quantity, generation }, now) => {
      const item = live(itemId);
      if (!item || item.reservations.has(orderId) || item.record.inventory.available < quantity)
        return false;
      item.reservations.set(orderId, { quantity, generation, at: now });
      change(item, now, { reserved: quantity, available: -quantity });
      return true;
    },
    resizeIf: async (itemId, orderId, from, to, now) => {
      const item = items.get(itemId);
      const entry = item?.reservations.get(orderId);
      const delta = to - from;
      if (!item || entry?.quantity !== from) return false;
      if (delta > 0 && item.record.inventory.available < delta) return false;
      entry.quantity = to;
      change(item, now, { reserved: delta, available: -delta });
      return true;
    },
    takeIf: async (itemId, orderId, { quantity, generation }, as, now) => {
      const item = items.get(itemId);
      const entry = item?.reservations.get(orderId);
      if (!item || entry?.quantity !== quantity) return false;
      if (generation !== undefined && entry.generation !== generation) return false;
      item.reservations.delete(orderId);
      change(
        item,
        now,
        as === 'sale'
          ? { reserved: -quantity, onHand: -quantity }
          : { reserved: -quantity, available: quantity },
      );
      return true;
    },
    restockOnce: async (itemId, orderId, quantity, now) => {
      const item = items.get(itemId);
      if (!item || item.restocks.has(orderId)) return false;
      item.restocks.set(orderId, now);
      change(item, now, { onHand: quantity, available: quantity });
      return true;
    },
    forgetRestock: async (itemId, orderId) => {
      items.get(itemId)?.restocks.delete(orderId);
    },
    staleMarkers: async (before, limit) =>
      [...items.values()]
        .filter((item) => item.record.inventory.reserved > 0 || item.restocks.size > 0)
        .sort((a, b) => a.record.updatedAt.getTime() - b.record.updatedAt.getTime())
        .slice(0, limit)
        .flatMap((item): ItemMarker[] => [
          ...[...item.reservations]
            .filter(([, entry]) => entry.at < before.reservations)
            .map(([orderId, entry]) => ({
              itemId: item.record.id,
              orderId,
              kind: 'reservation' as const,
              generation: entry.generation,
            })),
          ...[...item.restocks]
            .filter(([, at]) => at < before.restocks)
            .map(([orderId]) => ({ itemId: item.record.id, orderId, kind: 'restock' as const })),
        ]),
  };
  return {
    ...store,
    /** Which orders hold a reservation on the item, and which were restocked: for assertions. */
    bookkeeping: (itemId: string) => {
      const item = items.get(itemId);
      return {
        reservations: Object.fromEntries(
          [...(item?.reservations ?? [])].map(([orderId, e]) => [
            orderId,
            { quantity: e.quantity, generation: e.generation },
          ]),
        ),
        restocked: [...(item?.restocks.keys() ?? [])],
      };
    },
  };
};

export type MemoryItemStore = ReturnType<typeof memoryItemStore>;
