import { CreateItemBody, type HoldLine, hasValidCheckDigit } from '@shop/contracts';
import { type CatalogDeps, createItem } from '../../src/domain/catalog.js';
import { newHold } from '../../src/domain/hold-requests.js';
import { type HoldDeps, placeHold } from '../../src/domain/holds.js';
import { memoryCategoryStore } from './memory/category-store.js';
import { memoryHoldStore } from './memory/hold-store.js';
import { memoryItemStore } from './memory/item-store.js';

/** A valid UPC-A: eleven random digits and the GS1 check digit that makes them valid. */
export const upc = () => {
  const body = Array.from({ length: 11 }, () => Math.floor(Math.random() * 10)).join('');
  const digit = [...'0123456789'].find((check) => hasValidCheckDigit(`${body}${check}`));
  return `${body}${digit}`;
};

export const itemInput = (overrides: Record<string, unknown> = {}) => ({
  upc: upc(),
  name: 'Studio Headphones',
  description: 'Closed-back headphones for mixing',
  unitPrice: 12_999,
  currency: 'USD',
  category: 'audio',
  attributes: {},
  pictures: [],
  initialStock: 10,
  ...overrides,
});

/**
 * item-service's domain over in-memory stores, with a clock the test moves: everything a unit
 * test needs, nothing shared between tests.
 */
export const world = () => {
  let time = Date.parse('2030-01-01T00:00:00Z');
  const items = memoryItemStore();
  const holds = memoryHoldStore();
  const start = new Date(time);
  // The category the items of itemInput() name: an item's category must exist.
  const categories = memoryCategoryStore([
    { slug: 'audio', name: 'Audio', parent: null, createdAt: start, updatedAt: start },
  ]);
  const deps: HoldDeps & CatalogDeps = {
    items,
    holds,
    categories,
    now: () => new Date(time),
    defaultTtlSeconds: 1_200,
  };
  const w = {
    deps,
    items,
    holds,
    categories,
    /** Moves the clock on. */
    advance: (ms: number) => {
      time += ms;
    },
    /** A deps whose clock reads `ms` later than the world's (a worker on another schedule). */
    later: (ms: number) => ({ ...deps, now: () => new Date(time + ms) }),
    addItem: async (initialStock = 10) =>
      (await createItem(deps, CreateItemBody.parse(itemInput({ initialStock })))).id,
    inventory: async (itemId: string) => (await items.findById(itemId))?.inventory,
    place: async (lines: HoldLine[], ttlSeconds?: number) => {
      const orderId = crypto.randomUUID();
      await placeHold(deps, { orderId, lines, ttlSeconds });
      return orderId;
    },
    status: async (orderId: string) => (await holds.find(orderId))?.status,
    /** The hold as a worker reads it now (to act on later, as a slow worker would). */
    read: async (orderId: string) => {
      const hold = await holds.find(orderId);
      if (!hold) throw new Error(`no hold for order ${orderId}`);
      return hold;
    },
    eventTypes: (orderId: string) => holds.outbox(orderId).map((event) => event.type),
  };
  return w;
};

export type World = ReturnType<typeof world>;

/**
 * What a placement that died half-way leaves: a PENDING hold of two lines of 2 units, the first
 * reserved, the second not yet.
 */
export const halfPlacedHold = async (w: World, stock: number) => {
  const [a, b] = [await w.addItem(stock), await w.addItem(stock)];
  const orderId = crypto.randomUUID();
  const lines = [
    { itemId: a, quantity: 2 },
    { itemId: b, quantity: 2 },
  ];
  await w.holds.insert(newHold({ orderId, lines }, w.deps.now(), 600));
  await w.items.reserveIfFree(a, orderId, { quantity: 2, generation: 0 }, w.deps.now());
  return { a, b, orderId, lines };
};

/**
 * Runs `interleaved` once, just before the next call of `store[method]`: another worker acting
 * between two steps of the flow under test.
 */
export const beforeNext = <S extends object, K extends keyof S>(
  store: S,
  method: K,
  interleaved: () => Promise<unknown>,
) => {
  const original = store[method] as (...args: unknown[]) => Promise<unknown>;
  store[method] = (async (...args: unknown[]) => {
    store[method] = original as S[K];
    await interleaved();
    return await original(...args);
  }) as S[K];
};
