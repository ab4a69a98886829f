import type { OrderStatus } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import { InvalidCursorError } from '@shop/platform/cursor';
import { ForbiddenError } from '@shop/platform/errors';
import { orderNotFound } from './decision.js';
import type { OrderDeps } from './deps.js';
import { type OrderRecord, toPublicOrder } from './model.js';
import type { ListPosition } from './ports.js';

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

interface ListQuery {
  userId?: string | undefined;
  status?: OrderStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Reads of index pages per request at most: a rare status gives a short page and a cursor. */
const MAX_PAGES = 10;

/** The orders of the ids that exist (an index row may outlive a batch that never applied). */
const ordersOf = async (deps: Pick<OrderDeps, 'orders'>, ids: string[], status?: OrderStatus) =>
  (await Promise.all(ids.map(async (id) => await deps.orders.find(id)))).filter(
    (order): order is OrderRecord => order !== null && (!status || order.status === status),
  );

/** One customer's orders, newest first (orders_by_user), of one status if given. */
const listOfUser = async (deps: Pick<OrderDeps, 'orders'>, userId: string, query: ListQuery) => {
  const found: OrderRecord[] = [];
  let cursor = query.cursor;
  // A status filter may skip rows: keep reading pages (bounded) until the page is full.
  for (let pages = 0; pages < MAX_PAGES && found.length < query.limit; pages += 1) {
    const page = await deps.orders.listByUser(userId, query.limit - found.length, cursor);
    found.push(...(await ordersOf(deps, page.ids, query.status)));
    cursor = page.cursor ?? undefined;
    if (!page.cursor) break;
  }
  return { orders: found.map(toPublicOrder), nextCursor: cursor ?? null };
};

const encodePosition = (position: ListPosition) =>
  Buffer.from(JSON.stringify([position.day, position.createdAt, position.orderId])).toString(
    'base64url',
  );

const isPosition = (value: unknown): value is [string, number?, string?] =>
  Array.isArray(value) &&
  typeof value[0] === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(value[0]) &&
  (value[1] === undefined || value[1] === null || Number.isSafeInteger(value[1])) &&
  (value[2] === undefined || value[2] === null || /^[0-9a-f-]{36}$/.test(String(value[2])));

/** The shop-wide cursor: base64url of [day, createdAt, orderId]; anything else is a 422 (a rule the document can only name). */
export const decodePosition = (cursor: string): ListPosition => {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  if (!isPosition(value)) throw new InvalidCursorError();
  const [day, createdAt, orderId] = value;
  return createdAt != null && orderId != null ? { day, createdAt, orderId } : { day };
};

/** Every customer's orders newest first (orders_by_day, or orders_by_status with a status). */
const listAll = async (deps: Pick<OrderDeps, 'orders'>, query: ListQuery) => {
  const found: OrderRecord[] = [];
  let after = query.cursor ? decodePosition(query.cursor) : null;
  for (let pages = 0; pages < MAX_PAGES && found.length < query.limit; pages += 1) {
    const page = await deps.orders.listEveryone({
      status: query.status,
      limit: query.limit - found.length,
      after,
    });
    // The status rows are a guide: the order's own row says what its status is now.
    found.push(
      ...(await ordersOf(
        deps,
        page.entries.map((entry) => entry.orderId),
        query.status,
      )),
    );
    after = page.next;
    if (!after) break;
  }
  return { orders: found.map(toPublicOrder), nextCursor: after ? encodePosition(after) : null };
};

/**
 * Newest first, a page at a time. A customer lists their own orders (a `userId` of anyone else
 * is refused with 403, whether that user exists or not); an ADMIN lists one customer's orders
 * with `userId`, or every order without it.
 */
export const listOrders = async (
  deps: Pick<OrderDeps, 'orders'>,
  caller: Caller,
  query: ListQuery,
) => {
  if (caller.role === 'CUSTOMER') {
    if (query.userId && query.userId !== caller.id)
      throw new ForbiddenError('A customer lists only their own orders');
    return await listOfUser(deps, caller.id, query);
  }
  if (query.userId) return await listOfUser(deps, query.userId, query);
  return await listAll(deps, query);
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
