import { type DueSweeper, dueSweeper } from '@shop/platform/lifecycle';
import type { Logger as ServiceLogger } from '@shop/platform/log';
import type { PaymentDeps } from '../domain/payments.js';
import type { IdempotencyStore, PaymentStore } from '../domain/ports.js';
import { reconcileCancelledOrders, resolveInterruptedCharges } from '../domain/recovery.js';

export interface HousekeepingOptions {
  intervalMs: number;
  idempotencyTtlHours: number;
  logger: ServiceLogger;
}

/**
 * One round of upkeep. Each task runs even if another failed (a store outage fails them all; the
 * next round tries again), and each is safe on two replicas at once (row locks, status guards).
 * Returns how many tasks failed.
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
  let failed = 0;
  for (const [task, run] of Object.entries(tasks))
    await run().catch((error: unknown) => {
      failed += 1;
      logger.warn({ err: error, task }, 'payment housekeeping task failed');
    });
  return failed;
};

/** After a round with a failed task (a store or the gateway away), the next one comes this soon. */
const RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * Upkeep: resolve interrupted charges, refund what cancelled orders still hold, purge keys. A
 * round runs when a charge this process started would count as interrupted (`dueAt`, see
 * `wakeOnCharges`), and at least every `intervalMs` for what another replica or a crash left
 * (the reconciler normally finds nothing, and keys live for hours): an idle service reads
 * nothing in between.
 */
export const startHousekeeping = (
  deps: PaymentDeps,
  idempotency: IdempotencyStore,
  options: HousekeepingOptions,
): DueSweeper => {
  const sweeper = dueSweeper(
    async () => {
      const failed = await housekeepingRound(deps, idempotency, options);
      if (failed > 0) sweeper.dueAt(Date.now() + RETRY_AFTER_FAILURE_MS);
      return undefined;
    },
    (error) => options.logger.warn({ err: error }, 'payment housekeeping failed'),
    { safetyIntervalMs: options.intervalMs, retryAfterFailureMs: RETRY_AFTER_FAILURE_MS },
  );
  return sweeper;
};

/**
 * The store, telling `dueAt` when each charge it starts (PROCESSING) would count as
 * interrupted, so that a charge a store or gateway outage left PROCESSING is resolved as soon as
 * before, without a round every few seconds. One second more: MySQL keeps whole seconds.
 */
export const wakeOnCharges = (
  store: PaymentStore,
  interruptedAfterMs: number,
  dueAt: (at: number) => void,
): PaymentStore => {
  const started = (ok: boolean, at: Date) => {
    if (ok) dueAt(at.getTime() + interruptedAfterMs + 1_000);
    return ok;
  };
  return {
    ...store,
    startCharge: async (payment) => started(await store.startCharge(payment), payment.updatedAt),
    restartCharge: async (previous, next) =>
      started(await store.restartCharge(previous, next), next.updatedAt),
  };
};
