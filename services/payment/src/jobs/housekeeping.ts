import { every } from '@shop/platform/lifecycle';
import type { Logger as ServiceLogger } from '@shop/platform/log';
import type { PaymentDeps } from '../domain/payments.js';
import type { IdempotencyStore } from '../domain/ports.js';
import { reconcileCancelledOrders, resolveInterruptedCharges } from '../domain/recovery.js';

export interface HousekeepingOptions {
  intervalMs: number;
  idempotencyTtlHours: number;
  logger: ServiceLogger;
}

/**
 * One round of upkeep. Each task runs even if another failed (a store outage fails them all; the
 * next round tries again), and each is safe on two replicas at once (row locks, status guards).
 */
export const housekeepingRound = async (
  deps: PaymentDeps,
  idempotency: IdempotencyStore,
  { idempotencyTtlHours, logger }: Omit<HousekeepingOptions, 'intervalMs'>,
) => {
  const tasks = {
    'interrupted charges': async () => {
      const resolved = await resolveInterruptedCharges(deps);
      if (resolved > 0) logger.warn({ resolved }, 'interrupted charges resolved from the gateway');
    },
    'cancelled-order reconciler': async () => {
      const refunds = await reconcileCancelledOrders(deps);
      if (refunds > 0) logger.warn({ refunds }, 'reconciler refunded charges of cancelled orders');
    },
    'idempotency-key purge': async () =>
      await idempotency.purge(new Date(deps.now().getTime() - idempotencyTtlHours * 3_600_000)),
  };
  for (const [task, run] of Object.entries(tasks))
    await run().catch((error: unknown) =>
      logger.warn({ err: error, task }, 'payment housekeeping task failed'),
    );
};

/** Periodic upkeep: resolve interrupted charges, refund what cancelled orders still hold, purge keys. */
export const startHousekeeping = (
  deps: PaymentDeps,
  idempotency: IdempotencyStore,
  options: HousekeepingOptions,
) =>
  every(
    options.intervalMs,
    async () => await housekeepingRound(deps, idempotency, options),
    (error) => options.logger.warn({ err: error }, 'payment housekeeping failed'),
  );
