import { every } from '@shop/platform/lifecycle';
import type { Logger as ServiceLogger } from '@shop/platform/log';
import { expireIfUnpaid } from '../domain/deadlines.js';
import type { ChangeDeps } from '../domain/deps.js';
import { isUnpaid } from '../domain/transitions.js';

/** One pass: cancels unpaid orders past their deadline and forgets deadlines of settled ones. */
export const sweepDeadlines = async (deps: ChangeDeps, limit = 200) => {
  let cancelled = 0;
  for (const { orderId, expiresAt } of await deps.orders.dueDeadlines(deps.now(), limit)) {
    const order = await deps.orders.find(orderId);
    const after = order && isUnpaid(order.status) ? await expireIfUnpaid(deps, order) : order;
    if (order && after?.status === 'CANCELLED' && isUnpaid(order.status)) cancelled += 1;
    if (!after || !isUnpaid(after.status)) await deps.orders.clearDeadline(orderId, expiresAt);
  }
  return cancelled;
};

export const startDeadlineSweeper = (
  deps: ChangeDeps,
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
