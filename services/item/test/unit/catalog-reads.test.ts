import { NotFoundError } from '@shop/platform/errors';
import { describe, expect, it } from 'vitest';
import { adjustInventory, deleteItem, replaceItem } from '../../src/domain/catalog.js';
import { createCatalogReads, type PublicItem } from '../../src/domain/catalog-reads.js';
import { placeHold, releaseHoldOnRequest } from '../../src/domain/holds.js';
import { noticingWrites } from '../../src/domain/noticed-writes.js';
import type { ItemStore } from '../../src/domain/ports.js';
import { createReadCache } from '../../src/domain/read-cache.js';
import { itemInput, world } from './world.js';

/** The world's domain with the read cache wired as app.ts wires it; counts the store reads. */
const cachedWorld = (ttlMs = 1_000) => {
  const w = world();
  let clock = 0;
  const cache = createReadCache<PublicItem>({ ttlMs, maxEntries: 100, now: () => clock });
  let storeReads = 0;
  const counted: ItemStore = {
    ...w.items,
    findById: async (id) => {
      storeReads += 1;
      return await w.items.findById(id);
    },
  };
  const items = noticingWrites(counted, (id) => cache.invalidate(id));
  const deps = { ...w.deps, items };
  const reads = createCatalogReads(deps, cache, (item) => item);
  return {
    w,
    deps,
    reads,
    storeReads: () => storeReads,
    advance: (ms: number) => (clock += ms),
    stock: async (id: string) => (await reads.item(id)).inventory,
  };
};

describe('catalog reads through the cache', () => {
  it('when an item is read twice within the TTL, then the store is read once; after the TTL, again', async () => {
    const c = cachedWorld();
    const id = await c.w.addItem(5);
    await c.reads.item(id);
    await c.reads.item(id);
    expect(c.storeReads()).toBe(1);
    c.advance(1_000);
    await c.reads.item(id);
    expect(c.storeReads()).toBe(2);
  });

  it('when a hot item is read in the second half of its TTL, then it is refreshed in the background: the reader gets the cached value and the entry never expires', async () => {
    const c = cachedWorld();
    const id = await c.w.addItem(5);
    await c.reads.item(id);
    await c.w.items.adjust(id, 1, 0, c.w.deps.now()); // another replica's write
    c.advance(600);
    expect((await c.stock(id)).available).toBe(5); // served at once, refresh started
    await new Promise((resolve) => setImmediate(resolve));
    expect(c.storeReads()).toBe(2);
    c.advance(600); // past the first entry's TTL: the refreshed one serves, and is due in turn
    expect((await c.stock(id)).available).toBe(6);
    expect(c.storeReads()).toBe(3);
  });

  it('when many reads of an item miss at once, then they share one store read', async () => {
    const c = cachedWorld();
    const id = await c.w.addItem(5);
    const answers = await Promise.all(Array.from({ length: 10 }, () => c.reads.item(id)));
    expect(new Set(answers.map((item) => item.id))).toEqual(new Set([id]));
    expect(c.storeReads()).toBe(1);
  });

  it('when this process restocks, holds, releases or replaces an item, then the next read shows it at once', async () => {
    const c = cachedWorld();
    const id = await c.w.addItem(5);
    expect((await c.stock(id)).available).toBe(5);

    await adjustInventory(c.deps, id, 3);
    expect(await c.stock(id)).toEqual({ onHand: 8, reserved: 0, available: 8 });

    const orderId = await placeThroughCache(c, id, 2);
    expect(await c.stock(id)).toEqual({ onHand: 8, reserved: 2, available: 6 });

    await releaseHoldOnRequest({ ...c.w.deps, items: c.deps.items }, orderId);
    expect((await c.stock(id)).available).toBe(8);

    await replaceItem(c.deps, id, { ...itemInputOf(await c.reads.item(id)), name: 'Renamed' });
    expect((await c.reads.item(id)).name).toBe('Renamed');
  });

  it('when another replica writes the item, then this process shows it once the TTL has passed', async () => {
    const c = cachedWorld();
    const id = await c.w.addItem(5);
    await c.reads.item(id);
    // The world's own store is not wrapped: like another replica, it tells this cache nothing.
    await c.w.items.adjust(id, 4, 0, c.w.deps.now());
    expect((await c.stock(id)).available).toBe(5);
    c.advance(1_000);
    expect((await c.stock(id)).available).toBe(9);
  });

  it('when a write lands while a read of the item is under way, then the read that follows does not get the older value', async () => {
    const c = cachedWorld();
    const id = await c.w.addItem(5);
    const slow = c.reads.item(id); // its store read is under way
    await adjustInventory(c.deps, id, 1);
    await slow;
    expect((await c.stock(id)).available).toBe(6);
  });

  it('when a read asks for the store, then it gets a write of another replica at once and keeps it for the next reads', async () => {
    const c = cachedWorld();
    const id = await c.w.addItem(5);
    await c.reads.item(id);
    await c.w.items.adjust(id, 2, 0, c.w.deps.now());
    expect((await c.reads.itemFromStore(id)).inventory.available).toBe(7);
    expect((await c.stock(id)).available).toBe(7);
  });

  it('when an item is deleted, then reading it is a NotFound, and a missing item is never kept', async () => {
    const c = cachedWorld();
    const id = await c.w.addItem(5);
    await c.reads.item(id);
    await deleteItem(c.deps, id);
    await expect(c.reads.item(id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(c.reads.item(id)).rejects.toBeInstanceOf(NotFoundError);
    expect(c.storeReads()).toBe(3);
  });
});

const itemInputOf = (item: PublicItem) => {
  const { id: _i, inventory: _s, createdAt: _c, updatedAt: _u, ...input } = item;
  return { ...itemInput(), ...input };
};

const placeThroughCache = async (c: ReturnType<typeof cachedWorld>, itemId: string, q: number) => {
  const orderId = crypto.randomUUID();
  await placeHold(
    { ...c.w.deps, items: c.deps.items },
    { orderId, lines: [{ itemId, quantity: q }] },
  );
  return orderId;
};
