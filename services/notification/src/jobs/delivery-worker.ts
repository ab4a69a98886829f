import { type DueSweeper, dueSweeper } from '@shop/platform/lifecycle';
import type { Logger as ServiceLogger } from '@shop/platform/log';
import {
  type DeliveryDeps,
  type DeliveryReport,
  deliverDue,
  deliverStored,
} from '../domain/delivery.js';
import type { NotificationRecord } from '../domain/model.js';
import type { AnyRecipient, NotificationStore } from '../domain/ports.js';

export interface DeliveryWorkerOptions {
  /** Longest time between two passes: bounds what another instance or a crash left. */
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
 * The store, telling the sweeper when what this process writes falls due again: a retry at its
 * `nextAttemptAt`, a claim when it runs out (if the delivery holding it never finished).
 */
const watched = (store: NotificationStore, sweeper: () => DueSweeper): NotificationStore => ({
  ...store,
  claim: async (candidate, now, claimedUntil) => {
    const claim = await store.claim(candidate, now, claimedUntil);
    if (claim) sweeper().dueAt(claimedUntil.getTime() + 1);
    return claim;
  },
  retryLater: async (claim, error, nextAttemptAt, now) => {
    const recorded = await store.retryLater(claim, error, nextAttemptAt, now);
    if (recorded) sweeper().dueAt(nextAttemptAt.getTime() + 1);
    return recorded;
  },
});

/**
 * Delivers each new notification directly, claimed by its id (no query for due ones, which is a
 * full scan on a store without secondary indexes), and runs a pass when a retry or a claim of
 * this process falls due, when the direct path skipped one (`maxInFlight` direct deliveries
 * running), and at least every `intervalMs` for what was stored while the process was down or
 * by another instance. Passes never overlap. An idle service reads nothing in between.
 */
export const startDeliveryWorker = <R extends AnyRecipient>(
  deps: DeliveryDeps<R>,
  { intervalMs, logger, batch = 100, maxInFlight = 8 }: DeliveryWorkerOptions,
): DeliveryWorker => {
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  const onError = (error: unknown) => logger.warn({ err: error }, 'notification delivery failed');

  const watchedDeps = { ...deps, notifications: watched(deps.notifications, () => ticker) };
  const passes = async () => {
    let report: DeliveryReport;
    do report = await deliverDue(watchedDeps, { batch });
    while (!stopped && handled(report) >= batch);
    return undefined;
  };
  const ticker: DueSweeper = dueSweeper(passes, onError, { safetyIntervalMs: intervalMs });

  return {
    deliverNow: (notification) => {
      // Leaving it is safe: it is PENDING in the store, and the pass asked for delivers it. The
      // limit keeps a burst (or a slow account-service) from piling up unbounded deliveries.
      if (stopped) return;
      if (inFlight.size >= maxInFlight) return ticker.dueAt(Date.now());
      const delivery: Promise<void> = deliverStored(watchedDeps, notification)
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
