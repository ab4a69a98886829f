import { type DueSweeper, dueSweeper } from '@shop/platform/lifecycle';
import type { Logger as ServiceLogger } from '@shop/platform/log';
import { expireIfUnpaid } from '../domain/deadlines.js';
import type { ChangeDeps } from '../domain/deps.js';
import { isUnpaid } from '../domain/transitions.js';

/**
 * One pass: cancels unpaid orders past their deadline and forgets deadlines of settled ones.
 * `more` when the store listed a full batch (more may be due).
 */
export const sweepDeadlineBatch = async (deps: ChangeDeps, limit = 200) => {
  let cancelled = 0;
  const due = await deps.orders.dueDeadlines(deps.now(), limit);
  for (const { orderId, expiresAt } of due) {
    const order = await deps.orders.find(orderId);
    const after = order && isUnpaid(order.status) ? await expireIfUnpaid(deps, order) : order;
    if (order && after?.status === 'CANCELLED' && isUnpaid(order.status)) cancelled += 1;
    if (!after || !isUnpaid(after.status)) await deps.orders.clearDeadline(orderId, expiresAt);
  }
  return { cancelled, more: due.length >= limit };
};

/** One pass (see `sweepDeadlineBatch`); the number of orders cancelled. */
export const sweepDeadlines = async (deps: ChangeDeps, limit = 200) =>
  (await sweepDeadlineBatch(deps, limit)).cancelled;

/**
 * Sweeps when an order this process created falls due (`dueAt`, from the repository), and at
 * least every `intervalMs` for deadlines another replica wrote or a crash left: an unpaid order
 * is cancelled about a second after its deadline, or at most `intervalMs` after it when the
 * process that created it is gone. An idle service no longer reads the store every few seconds.
 */
export const startDeadlineSweeper = (
  deps: ChangeDeps,
  { intervalMs, logger }: { intervalMs: number; logger: ServiceLogger },
): DueSweeper =>
  dueSweeper(
    async () => {
      const { cancelled, more } = await sweepDeadlineBatch(deps);
      if (cancelled > 0) logger.info({ cancelled }, 'unpaid orders cancelled at their deadline');
      return { more };
    },
    (error) => logger.warn({ err: error }, 'deadline sweep failed'),
    { safetyIntervalMs: intervalMs },
  );
