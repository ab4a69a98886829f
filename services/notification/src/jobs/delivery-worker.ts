import { every } from '@shop/platform/lifecycle';
import type { Logger as ServiceLogger } from '@shop/platform/log';
import {
  type DeliveryDeps,
  type DeliveryReport,
  deliverDue,
  deliverStored,
} from '../domain/delivery.js';
import type { NotificationRecord } from '../domain/model.js';
import type { AnyRecipient } from '../domain/ports.js';

export interface DeliveryWorkerOptions {
  intervalMs: number;
  logger: ServiceLogger;
  /** Notifications handled per pass; a full pass is followed by another at once. */
  batch?: number;
  /** Direct deliveries running at a time; a notification stored beyond that waits for a pass. */
  maxInFlight?: number;
}

export interface DeliveryWorker {
  /** Delivers a notification at once: called right after the consumer stored it. */
  deliverNow(notification: NotificationRecord): void;
  /** Resolves once neither a pass nor a direct delivery runs any more. */
  stop(): Promise<void>;
}

const handled = (report: DeliveryReport) => report.sent + report.retrying + report.failed;

/**
 * Delivers each new notification directly, claimed by its id (no query for due ones, which is a
 * full scan on a store without secondary indexes), and runs a pass every `intervalMs` for
 * retries and anything the direct path did not take: stored while the process was down, by
 * another instance, or while `maxInFlight` direct deliveries were running. Passes never overlap
 * (the ticker waits for one before scheduling the next).
 */
export const startDeliveryWorker = <R extends AnyRecipient>(
  deps: DeliveryDeps<R>,
  { intervalMs, logger, batch = 100, maxInFlight = 8 }: DeliveryWorkerOptions,
): DeliveryWorker => {
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  const onError = (error: unknown) => logger.warn({ err: error }, 'notification delivery failed');

  const passes = async () => {
    let report: DeliveryReport;
    do report = await deliverDue(deps, { batch });
    while (!stopped && handled(report) >= batch);
  };
  const ticker = every(intervalMs, passes, onError);

  return {
    deliverNow: (notification) => {
      // Dropping it is safe: it is PENDING in the store, and the next pass delivers it. The
      // limit keeps a burst (or a slow account-service) from piling up unbounded deliveries.
      if (stopped || inFlight.size >= maxInFlight) return;
      const delivery: Promise<void> = deliverStored(deps, notification)
        .then(() => undefined, onError)
        .finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    },
    stop: async () => {
      stopped = true;
      await ticker.stop();
      // Every direct delivery catches its own errors, so this waits for all of them.
      await Promise.all(inFlight);
    },
  };
};
