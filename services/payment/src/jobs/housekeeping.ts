import { every, type ServiceLogger } from '@shop/platform';
import { closeInterruptedCharges, type PaymentDeps } from '../domain/payments.js';
import type { IdempotencyStore } from '../domain/ports.js';

export interface HousekeepingOptions {
  intervalMs: number;
  idempotencyTtlHours: number;
  logger: ServiceLogger;
}

/** Periodic upkeep: close interrupted charges, delete idempotency keys past their retention. */
export const startHousekeeping = (
  deps: PaymentDeps,
  idempotency: IdempotencyStore,
  options: HousekeepingOptions,
) =>
  every(
    options.intervalMs,
    async () => {
      await closeInterruptedCharges(deps);
      await idempotency.purge(
        new Date(deps.now().getTime() - options.idempotencyTtlHours * 3_600_000),
      );
    },
    (error) => options.logger.warn({ err: error }, 'payment housekeeping failed'),
  );
