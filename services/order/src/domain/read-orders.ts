import type { OrderStatus } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import { orderNotFound } from './decision.js';
import type { OrderDeps } from './deps.js';
import { type OrderRecord, toPublicOrder } from './model.js';

/** Customers see only their own orders; anyone else's is "not found". ADMIN and SERVICE see all. */
export const loadVisible = async (
  deps: Pick<OrderDeps, 'orders'>,
  caller: Caller,
  id: string,
): Promise<OrderRecord> => {
  const order = await deps.orders.find(id);
  if (!order || (caller.role === 'CUSTOMER' && order.userId !== caller.id)) throw orderNotFound(id);
  return order;
};

/** The caller's orders, newest first, optionally of one status; a page at a time. */
export const listOrders = async (
  deps: Pick<OrderDeps, 'orders'>,
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

/** Every event about the order, from every service, in time order. */
export const timelineOf = async (deps: Pick<OrderDeps, 'orders'>, caller: Caller, id: string) => {
  await loadVisible(deps, caller, id);
  const events = await deps.orders.timeline(id);
  return {
    orderId: id,
    events: events.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString() })),
  };
};
