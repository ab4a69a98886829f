import { createHash } from 'node:crypto';
import { type Address, createEvent, type OrderStatus, type ShopEvent } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import { crashPoint } from '@shop/platform/crash-points';
import {
  ConflictError,
  NotFoundError,
  UnavailableError,
  UnprocessableError,
} from '@shop/platform/errors';
import {
  canTransition,
  type OrderChanges,
  type OrderRecord,
  toPublicOrder,
  UNPAID,
} from './model.js';
import type { IdempotencyStore, Inventory, OrderStore } from './ports.js';
import { priceLines } from './pricing.js';

export interface OrderDeps {
  orders: OrderStore;
  idempotency: IdempotencyStore;
  inventory: Inventory;
  now: () => Date;
  paymentDeadlineSeconds: number;
  wakeOutbox: () => void;
}

const notFound = (id: string) => new NotFoundError(`No order ${id}`);

export class InsufficientStockError extends ConflictError {
  constructor(shortLines: unknown[]) {
    super('insufficient-stock', 'Not enough stock for some items', { extensions: { shortLines } });
  }
}

/** Customers see only their own orders; anyone else's is "not found". ADMIN and SERVICE see all. */
export const loadVisible = async (deps: OrderDeps, caller: Caller, id: string) => {
  const order = await deps.orders.find(id);
  if (!order || (caller.role === 'CUSTOMER' && order.userId !== caller.id)) throw notFound(id);
  return order;
};

const updatedEvent = (order: OrderRecord) =>
  createEvent('OrderUpdated', {
    orderId: order.id,
    source: 'order-service',
    data: {
      userId: order.userId,
      items: order.items,
      totalAmount: order.totalAmount,
      currency: order.currency,
    },
  });

const progressEvent = (order: OrderRecord, type: 'OrderShipped' | 'OrderDelivered') =>
  createEvent(type, { orderId: order.id, source: 'order-service', data: { userId: order.userId } });

export const cancelledEvent = (order: OrderRecord, reason: string) =>
  createEvent('OrderCancelled', {
    orderId: order.id,
    source: 'order-service',
    data: {
      userId: order.userId,
      reason,
      paid: order.paymentStatus === 'SUCCEEDED',
      previousStatus: order.status,
    },
  });

/**
 * Applies a state change with its events as one LWT on `version`. A lost race re-reads the order
 * and asks `decide` again, so concurrent writers never overwrite each other.
 */
export const changeOrder = async (
  deps: OrderDeps,
  order: OrderRecord,
  decide: (
    current: OrderRecord,
  ) => { changes: OrderChanges; events: ShopEvent[]; cause?: ShopEvent } | null,
): Promise<OrderRecord | null> => {
  let current: OrderRecord | null = order;
  for (let attempt = 0; attempt < 10 && current; attempt += 1) {
    const decision = decide(current);
    if (!decision) return current;
    const now = deps.now();
    if (await deps.orders.update(current, { expectedVersion: current.version, now, ...decision })) {
      if (decision.events.length > 0) deps.wakeOutbox();
      return { ...current, ...decision.changes, version: current.version + 1, updatedAt: now };
    }
    current = await deps.orders.find(order.id);
  }
  throw new UnavailableError(`Order ${order.id} is changing too often; try again`);
};

const requireTransition = (order: OrderRecord, to: OrderStatus) => {
  if (!canTransition(order.status, to)) {
    throw new ConflictError(
      'illegal-transition',
      `Order ${order.id} is ${order.status} and cannot become ${to}`,
    );
  }
};

/** A claimed key with no order after this long belongs to a request that died. */
const ABANDONED_AFTER_MS = 30_000;

const fingerprint = (body: unknown) =>
  createHash('sha256').update(JSON.stringify(body)).digest('hex');

/**
 * Claims an Idempotency-Key for `orderId`. Returns the order an earlier request with the key
 * created, or null when this request goes ahead (first of its key, or taking over one that died
 * before writing its order).
 */
const claimKey = async (
  deps: OrderDeps,
  caller: Caller,
  key: string,
  hash: string,
  orderId: string,
) => {
  const existing = await deps.idempotency.claim(caller.id, key, hash, orderId);
  if (!existing) return null;
  if (existing.requestHash !== hash) {
    throw new UnprocessableError(
      'idempotency-key-reused',
      'This Idempotency-Key was used with a different request',
    );
  }
  const order = await deps.orders.find(existing.orderId);
  if (order) return order;
  const abandoned = deps.now().getTime() - existing.claimedAt.getTime() > ABANDONED_AFTER_MS;
  if (abandoned && (await deps.idempotency.takeOver(caller.id, key, existing.orderId, orderId)))
    return null;
  throw new ConflictError(
    'request-in-progress',
    'The first request with this Idempotency-Key is still running',
  );
};

/**
 * Creates an order: prices from item-service, the stock hold placed through item-service, then
 * the order and its OrderCreated event written together. If the write fails after the hold
 * succeeded, the hold is released. An Idempotency-Key makes a retried request return the order
 * the first one created.
 */
export const createOrder = async (
  deps: OrderDeps,
  caller: Caller,
  body: { items: { itemId: string; quantity: number }[]; shippingAddress?: Address | undefined },
  idempotencyKey?: string,
) => {
  const orderId = crypto.randomUUID();
  if (idempotencyKey) {
    const earlier = await claimKey(deps, caller, idempotencyKey, fingerprint(body), orderId);
    if (earlier) return toPublicOrder(earlier);
  }
  try {
    return toPublicOrder(await placeOrder(deps, caller, orderId, body));
  } catch (error) {
    if (idempotencyKey) await deps.idempotency.release(caller.id, idempotencyKey);
    throw error;
  }
};

const placeOrder = async (
  deps: OrderDeps,
  caller: Caller,
  orderId: string,
  body: { items: { itemId: string; quantity: number }[]; shippingAddress?: Address | undefined },
) => {
  const priced = await priceLines(deps.inventory, body.items);
  const now = deps.now();
  const order: OrderRecord = {
    id: orderId,
    userId: caller.id,
    status: 'PENDING_PAYMENT',
    ...priced,
    shippingAddress: body.shippingAddress ?? null,
    paymentStatus: 'NONE',
    paymentId: null,
    cancelReason: null,
    stockCommitted: false,
    paymentAttempt: null,
    expiresAt: new Date(now.getTime() + deps.paymentDeadlineSeconds * 1000),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  // The hold outlives the payment deadline, so it is the order's deadline that decides.
  const hold = await deps.inventory.placeHold(
    orderId,
    body.items,
    deps.paymentDeadlineSeconds + 300,
  );
  if (!hold.ok) throw new InsufficientStockError(hold.shortLines);
  const created = createEvent('OrderCreated', {
    orderId,
    source: 'order-service',
    data: {
      userId: order.userId,
      items: order.items,
      totalAmount: order.totalAmount,
      currency: order.currency,
      expiresAt: order.expiresAt.toISOString(),
      shippingAddress: order.shippingAddress,
    },
  });
  try {
    if (!(await deps.orders.create(order, created)))
      throw new Error(`order id ${orderId} already exists`);
  } catch (error) {
    await deps.inventory.releaseHold(orderId).catch(() => undefined);
    throw new UnavailableError('The order could not be stored; nothing was charged or held', {
      cause: error,
    });
  }
  deps.wakeOutbox();
  return order;
};

/** Only an unpaid order that no charge attempt is paying for may change its items. */
const requireChangeable = (order: OrderRecord) => {
  if (!UNPAID.includes(order.status)) {
    throw new ConflictError(
      'illegal-transition',
      `Order ${order.id} is ${order.status}; only unpaid orders can change`,
    );
  }
  if (order.paymentAttempt) {
    throw new ConflictError(
      'payment-started',
      `A payment for order ${order.id} has started; it can change again only if that payment fails`,
    );
  }
};

/**
 * Changes the items of an unpaid order: hold first, then the order (OrderUpdated). The order's
 * LWT on its version refuses the change if a payment attempt was registered meanwhile.
 */
export const updateOrderItems = async (
  deps: OrderDeps,
  caller: Caller,
  id: string,
  items: { itemId: string; quantity: number }[],
) => {
  const order = await loadVisible(deps, caller, id);
  requireChangeable(order);
  const priced = await priceLines(deps.inventory, items, order);
  const hold = await deps.inventory.changeHold(id, items);
  if (!hold.ok) throw new InsufficientStockError(hold.shortLines);
  // A crash here leaves the hold with the new lines and the order with the old ones: the
  // payment attempt puts the hold back to the order's lines (payment-attempts.ts).
  crashPoint('order.patch-after-hold-change');
  const applied = await deps.orders.update(order, {
    expectedVersion: order.version,
    changes: priced,
    events: [updatedEvent({ ...order, ...priced })],
    now: deps.now(),
  });
  if (!applied) {
    // Someone changed the order meanwhile: put the hold back to what the order now says.
    const current = await deps.orders.find(id);
    if (current)
      await deps.inventory
        .changeHold(
          id,
          current.items.map(({ itemId, quantity }) => ({ itemId, quantity })),
        )
        .catch(() => undefined);
    throw new ConflictError(
      'order-changed',
      `Order ${id} changed while it was being updated; try again`,
    );
  }
  deps.wakeOutbox();
  return toPublicOrder({ ...order, ...priced, version: order.version + 1 });
};

/** Cancels; repeating it is harmless. A paid order is refunded by payment-service (paid: true). */
export const cancelOrder = async (
  deps: OrderDeps,
  caller: Caller,
  id: string,
  reason = 'customer_request',
) => {
  const order = await loadVisible(deps, caller, id);
  const result = await changeOrder(deps, order, (current) => {
    if (current.status === 'CANCELLED') return null;
    requireTransition(current, 'CANCELLED');
    return {
      changes: { status: 'CANCELLED', cancelReason: reason },
      events: [cancelledEvent(current, reason)],
    };
  });
  return toPublicOrder(result ?? order);
};

/** ADMIN: COMPLETED → SHIPPED → DELIVERED. */
export const advanceOrder = async (
  deps: OrderDeps,
  caller: Caller,
  id: string,
  to: 'SHIPPED' | 'DELIVERED',
) => {
  const order = await loadVisible(deps, caller, id);
  const result = await changeOrder(deps, order, (current) => {
    if (current.status === to) return null;
    requireTransition(current, to);
    return {
      changes: { status: to },
      events: [progressEvent(current, to === 'SHIPPED' ? 'OrderShipped' : 'OrderDelivered')],
    };
  });
  return toPublicOrder(result ?? order);
};

export const listOrders = async (
  deps: OrderDeps,
  caller: Caller,
  query: { status?: OrderStatus | undefined; limit: number; cursor?: string | undefined },
) => {
  const found: OrderRecord[] = [];
  let cursor = query.cursor;
  // A status filter may skip rows: keep reading pages (bounded) until the page is full.
  for (let pages = 0; pages < 10 && found.length < query.limit; pages += 1) {
    const page = await deps.orders.listByUser(caller.id, query.limit - found.length, cursor);
    const orders = await Promise.all(page.ids.map(async (id) => await deps.orders.find(id)));
    found.push(
      ...orders.filter(
        (order): order is OrderRecord =>
          order !== null && (!query.status || order.status === query.status),
      ),
    );
    cursor = page.cursor ?? undefined;
    if (!page.cursor) break;
  }
  return { orders: found.map(toPublicOrder), nextCursor: cursor ?? null };
};

export const timelineOf = async (deps: OrderDeps, caller: Caller, id: string) => {
  await loadVisible(deps, caller, id);
  const events = await deps.orders.timeline(id);
  return {
    orderId: id,
    events: events.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString() })),
  };
};
