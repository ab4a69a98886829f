import { every, type ServiceLogger } from '@shop/platform';
import { type DeliveryDeps, deliverDue } from '../domain/delivery.js';

export interface DeliveryWorkerOptions {
  intervalMs: number;
  logger: ServiceLogger;
  /** Notifications handled per pass; a full pass is followed by another at once. */
  batch?: number;
}

export interface DeliveryWorker {
  /** Deliver soon: called right after new notifications were stored. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Delivers due notifications every `intervalMs` (retries, and anything stored while the
 * process was down) and at once when woken. Passes never overlap: a wake during a pass makes
 * one more pass follow it.
 */
export const startDeliveryWorker = (
  deps: DeliveryDeps,
  { intervalMs, logger, batch = 100 }: DeliveryWorkerOptions,
): DeliveryWorker => {
  let current: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const onError = (error: unknown) => logger.warn({ err: error }, 'notification delivery failed');

  const passes = async () => {
    do {
      again = false;
      const report = await deliverDue(deps, { batch });
      if (report.sent + report.retrying + report.failed >= batch) again = true;
    } while (again && !stopped);
  };

  const run = async () => {
    if (current) {
      again = true;
      return await current;
    }
    current = passes().finally(() => {
      current = undefined;
    });
    return await current;
  };

  const ticker = every(intervalMs, run, onError);
  return {
    wake: () => {
      if (!stopped) run().catch(onError);
    },
    stop: async () => {
      stopped = true;
      await ticker.stop();
      await current?.catch(() => undefined);
    },
  };
};
