import type { Order } from '@shop/contracts';
import { UnavailableError } from '@shop/platform/errors';
import type {
  CartChange,
  CartDeps,
  CartStore,
  Catalog,
  CatalogItem,
  Checkout,
  OrderRequest,
  Orders,
  StoredCart,
  StoredLine,
} from '../../src/domain/ports.js';
import { pendingOrder } from '../fixtures.js';

const byAddedThenItem = (a: StoredLine, b: StoredLine) =>
  a.addedAt.getTime() - b.addedAt.getTime() || a.itemId.localeCompare(b.itemId);

const copy = (cart: StoredCart): StoredCart => ({
  ...cart,
  lines: cart.lines.map((line) => ({ ...line })).sort(byAddedThenItem),
});

/** One change applied to a cart's lines, as the repository's SQL does it. */
const apply = (cart: StoredCart, change: CartChange, now: Date) => {
  if (change.kind === 'clear') cart.lines = [];
  else if (change.kind === 'remove')
    cart.lines = cart.lines.filter((line) => line.itemId !== change.itemId);
  else {
    const line = cart.lines.find((entry) => entry.itemId === change.itemId);
    // An existing line keeps its currency and position (ON DUPLICATE KEY UPDATE quantity).
    if (line) line.quantity = change.quantity;
    else cart.lines.push({ ...change, addedAt: now });
  }
};

/**
 * The cart store in memory with the repository's semantics: each method reads, decides and
 * writes with no await in between, so it is as atomic as the row-locked transaction; a decision
 * that throws leaves everything as it was; a recorded checkout moves the cart past its version
 * only if the cart is still at it; an event id is claimed once even when it finds no checkout.
 */
export const inMemoryCarts = () => {
  const carts = new Map<string, StoredCart>();
  const checkouts = new Map<string, Checkout & { completedAt: Date | null }>();
  const claimedEvents = new Set<string>();
  const current = (userId: string) =>
    copy(carts.get(userId) ?? { userId, version: 0, updatedAt: null, lines: [] });
  const commit = (cart: StoredCart, now: Date) => {
    cart.version += 1;
    cart.updatedAt = now;
    carts.set(cart.userId, cart);
  };

  const store: CartStore = {
    find: async (userId) => current(userId),
    change: async (userId, now, decide) => {
      const cart = current(userId);
      apply(cart, decide(copy(cart)), now);
      commit(cart, now);
      return copy(cart);
    },
    recordCheckout: async (checkout) => {
      if (checkouts.has(checkout.orderId)) return;
      checkouts.set(checkout.orderId, { ...checkout, completedAt: null });
      const cart = carts.get(checkout.userId);
      if (cart?.version === checkout.cartVersion) commit(copy(cart), checkout.createdAt);
    },
    completeCheckout: async (orderId, eventId, now, decide) => {
      if (claimedEvents.has(eventId)) return false;
      claimedEvents.add(eventId);
      const checkout = checkouts.get(orderId);
      if (!checkout || checkout.completedAt) return false;
      const cart = current(checkout.userId);
      for (const change of decide(copy(cart), { ...checkout })) apply(cart, change, now);
      commit(cart, now);
      checkout.completedAt = now;
      return true;
    },
  };
  return { store, checkouts, claimedEvents };
};

export const catalogItem = (overrides: Partial<CatalogItem> = {}): CatalogItem => ({
  id: crypto.randomUUID(),
  name: 'Desk Lamp',
  upc: '036000291452',
  unitPrice: 3_500,
  currency: 'USD',
  picture: null,
  available: 10,
  ...overrides,
});

/** item-service's catalog in memory; `reachable = false` makes it answer as a dead service. */
export const inMemoryCatalog = () => {
  const items = new Map<string, CatalogItem>();
  const state = { reachable: true, asked: [] as string[][] };
  const catalog: Catalog = {
    items: async (ids) => {
      state.asked.push(ids);
      if (!state.reachable) throw new UnavailableError('item-service is unreachable; try again');
      return new Map(ids.flatMap((id) => (items.has(id) ? [[id, items.get(id)]] : [])) as never);
    },
  };
  const add = (overrides: Partial<CatalogItem> = {}) => {
    const item = catalogItem(overrides);
    items.set(item.id, item);
    return item;
  };
  return { catalog, items, state, add };
};

export interface PlaceCall {
  credentials: string;
  request: OrderRequest;
  idempotencyKey: string;
}

/**
 * order-service as cart-service sees it: one order per Idempotency-Key (a second call with the
 * key returns the first order), priced from the catalog; `refuse` makes the next call throw.
 */
export const inMemoryOrders = (items: Map<string, CatalogItem>, userId = crypto.randomUUID()) => {
  const byKey = new Map<string, Order>();
  const calls: PlaceCall[] = [];
  const state: { refuse: Error | null } = { refuse: null };
  const orders: Orders = {
    place: async (credentials, request, idempotencyKey) => {
      calls.push({ credentials, request, idempotencyKey });
      const refusal = state.refuse;
      state.refuse = null;
      if (refusal) throw refusal;
      const order = byKey.get(idempotencyKey) ?? pendingOrder(userId, request, items);
      byKey.set(idempotencyKey, order);
      return order;
    },
  };
  return { orders, calls, state };
};

/** cart-service's domain over in-memory ports, at a clock the test moves. */
export const cartWorld = () => {
  const carts = inMemoryCarts();
  const catalog = inMemoryCatalog();
  const orders = inMemoryOrders(catalog.items);
  const clock = { now: new Date('2030-01-01T10:00:00.000Z') };
  const deps: CartDeps = {
    carts: carts.store,
    catalog: catalog.catalog,
    orders: orders.orders,
    now: () => new Date(clock.now),
  };
  const tick = (ms = 1_000) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };
  return { deps, carts, catalog, orders, clock, tick };
};
