import { CreateItemBody } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { createItem } from '../../src/domain/catalog.js';
import { createCatalogLists, type ItemListPage } from '../../src/domain/catalog-lists.js';
import { placeHold } from '../../src/domain/holds.js';
import { noticingWrites } from '../../src/domain/noticed-writes.js';
import type { ItemStore } from '../../src/domain/ports.js';
import { createReadCache } from '../../src/domain/read-cache.js';
import { itemInput, world } from './world.js';

/** The world's catalog with first pages cached as app.ts wires them; counts the store's lists. */
const cachedLists = () => {
  const w = world();
  let clock = 0;
  let storeLists = 0;
  const cache = createReadCache<ItemListPage>({ ttlMs: 1_000, maxEntries: 10, now: () => clock });
  const counted: ItemStore = {
    ...w.items,
    list: async (...args) => {
      storeLists += 1;
      return await w.items.list(...args);
    },
  };
  // Bound after the store, as in app.ts.
  let lists: ReturnType<typeof createCatalogLists> | undefined;
  const items = noticingWrites(counted, () => lists?.changed());
  const deps = { ...w.deps, items };
  lists = createCatalogLists(deps, cache);
  return {
    w,
    deps,
    lists,
    storeLists: () => storeLists,
    advance: (ms: number) => (clock += ms),
    names: async (query = {}) =>
      (await (lists as NonNullable<typeof lists>).page({ limit: 20, ...query })).items.map(
        (item) => item.name,
      ),
  };
};

describe('first pages of the catalog through the cache', () => {
  it('when the same first page is read twice within the TTL, then the store lists once, whatever order its parameters came in', async () => {
    const c = cachedLists();
    await c.w.addItem(5);
    await c.lists.page({ limit: 20, minPrice: 0 });
    await c.lists.page({ minPrice: 0, limit: 20 });
    expect(c.storeLists()).toBe(1);
    c.advance(1_000);
    await c.lists.page({ limit: 20, minPrice: 0 });
    expect(c.storeLists()).toBe(2);
  });

  it('when this process creates an item, then the next first page shows it at once', async () => {
    const c = cachedLists();
    expect(await c.names()).toEqual([]);
    await createItem(c.deps, CreateItemBody.parse(itemInput({ name: 'Fresh lamp' })));
    expect(await c.names()).toEqual(['Fresh lamp']);
  });

  it('when a hold changes an item on this process, then the next first page shows its stock at once', async () => {
    const c = cachedLists();
    const id = await c.w.addItem(5);
    const before = await c.lists.page({ limit: 20 });
    expect(before.items[0]?.inventory.available).toBe(5);
    await placeHold(c.deps, {
      orderId: crypto.randomUUID(),
      lines: [{ itemId: id, quantity: 2 }],
    });
    const after = await c.lists.page({ limit: 20 });
    expect(after.items[0]?.inventory.available).toBe(3);
  });

  it('when a page is asked with a cursor, then it is read from the store every time', async () => {
    const c = cachedLists();
    for (let index = 0; index < 3; index += 1) await c.w.addItem(1);
    const first = await c.lists.page({ limit: 2 });
    expect(first.nextCursor).toBeTruthy();
    const reads = c.storeLists();
    await c.lists.page({ limit: 2, cursor: first.nextCursor ?? undefined });
    await c.lists.page({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(c.storeLists()).toBe(reads + 2);
  });
});
