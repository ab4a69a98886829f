import type { OrderStatus } from '@shop/contracts';
import type { OrderDeps } from './deps.js';
import type { OrderRecord } from './model.js';

/** Orders read per status at most: the newest, where a stuck order of today shows first. */
const LOOK_PER_STATUS = 500;

type Reason = 'paid-not-completed' | 'unpaid-past-deadline';

/** When the order should have moved on, and why, if it is past that by `graceMs`; else null. */
const stuckSince = (order: OrderRecord, now: Date, graceMs: number) => {
  const by = now.getTime() - graceMs;
  if (order.status === 'PAID' && order.updatedAt.getTime() < by)
    return { reason: 'paid-not-completed' as Reason, since: order.updatedAt };
  const unpaid = order.status === 'PENDING_PAYMENT' || order.status === 'PAYMENT_FAILED';
  if (unpaid && order.expiresAt.getTime() < by)
    return { reason: 'unpaid-past-deadline' as Reason, since: order.expiresAt };
  return null;
};

/** The newest orders of a status (orders_by_status), up to the look's bound. */
const newestOf = async (deps: Pick<OrderDeps, 'orders'>, status: OrderStatus) => {
  const page = await deps.orders.listEveryone({ status, limit: LOOK_PER_STATUS, after: null });
  const orders = await Promise.all(
    page.entries.map(async (entry) => await deps.orders.find(entry.orderId)),
  );
  return { orders: orders.filter((order) => order !== null), more: page.next !== null };
};

/**
 * Orders the saga left behind (ADMIN): PAID longer than `graceSeconds` without the stock commit
 * that completes it, or unpaid `graceSeconds` past the deadline the sweeper cancels at. Either
 * means an event or a sweep did not happen: look at the dead letters and the order's timeline.
 */
export const stuckOrders = async (
  deps: Pick<OrderDeps, 'orders' | 'now'>,
  graceSeconds: number,
) => {
  const now = deps.now();
  const looks = await Promise.all(
    (['PAID', 'PENDING_PAYMENT', 'PAYMENT_FAILED'] as const).map(
      async (status) => await newestOf(deps, status),
    ),
  );
  const orders = looks
    .flatMap((look) => look.orders)
    .flatMap((order) => {
      const stuck = stuckSince(order, now, graceSeconds * 1000);
      return stuck
        ? [
            {
              orderId: order.id,
              userId: order.userId,
              status: order.status,
              reason: stuck.reason,
              since: stuck.since.toISOString(),
              totalAmount: order.totalAmount,
              currency: order.currency,
            },
          ]
        : [];
    })
    .sort((a, b) => a.since.localeCompare(b.since));
  return { graceSeconds, orders, truncated: looks.some((look) => look.more) };
};
