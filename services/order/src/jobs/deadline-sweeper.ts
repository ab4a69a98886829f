import { every, type ServiceLogger } from '@shop/platform';
import { UNPAID } from '../domain/model.js';
import type { OrderDeps } from '../domain/orders.js';
import { expireIfUnpaid } from '../domain/saga.js';

/** One pass: cancels unpaid orders past their deadline and forgets deadlines of settled ones. */
export const sweepDeadlines = async (deps: OrderDeps, limit = 200) => {
  let cancelled = 0;
  for (const { orderId, expiresAt } of await deps.orders.dueDeadlines(deps.now(), limit)) {
    const order = await deps.orders.find(orderId);
    const after =
      order && UNPAID.includes(order.status) ? await expireIfUnpaid(deps, order) : order;
    if (order && after?.status === 'CANCELLED' && UNPAID.includes(order.status)) cancelled += 1;
    if (!after || !UNPAID.includes(after.status))
      await deps.orders.clearDeadline(orderId, expiresAt);
  }
  return cancelled;
};

export const startDeadlineSweeper = (
  deps: OrderDeps,
  { intervalMs, logger }: { intervalMs: number; logger: ServiceLogger },
) =>
  every(
    intervalMs,
    async () => {
      const cancelled = await sweepDeadlines(deps);
      if (cancelled > 0) logger.info({ cancelled }, 'unpaid orders cancelled at their deadline');
    },
    (error) => logger.warn({ err: error }, 'deadline sweep failed'),
  );
