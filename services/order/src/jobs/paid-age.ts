import { every } from '@shop/platform/lifecycle';
import type { Logger as ServiceLogger } from '@shop/platform/log';
import type { OrderStore } from '../domain/ports.js';

/** Rows read per bucket of the PAID index in one refresh: bounds the work of each. */
const ROWS_PER_BUCKET = 20;

/**
 * How old a row whose order is not PAID must be before the refresh deletes it: younger, the
 * batch that makes its order PAID may still be on its way (the row is written first).
 */
const STALE_AFTER_MS = 60_000;

type IndexRow = { orderId: string; paidAt: Date };

/** The first row of a bucket whose order is PAID; older rows whose order is not are deleted. */
const oldestInBucket = async (orders: OrderStore, rows: IndexRow[], now: Date) => {
  for (const row of rows) {
    const order = await orders.find(row.orderId);
    if (order?.status === 'PAID') return row.paidAt;
    if (now.getTime() - row.paidAt.getTime() > STALE_AFTER_MS)
      await orders.clearPaid(row.orderId, row.paidAt);
  }
  return undefined;
};

/**
 * When the oldest order still PAID became PAID (null: none), from the PAID index: a few rows of
 * each bucket and one read of each order they name until a PAID one, never a scan of the
 * orders. When a bucket's first rows are all of orders that moved on, the rows are deleted and
 * the next refresh reads further.
 */
export const oldestPaidAt = async (orders: OrderStore, now: Date): Promise<Date | null> => {
  const buckets = await orders.paidIndex(ROWS_PER_BUCKET);
  const oldest = await Promise.all(buckets.map((rows) => oldestInBucket(orders, rows, now)));
  const times = oldest.filter((paidAt) => paidAt !== undefined).map((paidAt) => paidAt.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : null;
};

/**
 * Refreshes `onRefresh` with the oldest PAID order's payment time every `intervalMs`; the gauge
 * computes the age at each scrape from it, so a scrape costs no query.
 */
export const startPaidAgeRefresh = (
  orders: OrderStore,
  {
    intervalMs,
    now,
    logger,
    onRefresh,
  }: {
    intervalMs: number;
    now: () => Date;
    logger: ServiceLogger;
    onRefresh: (oldestPaidAt: Date | null) => void;
  },
) => {
  const refresh = async () => onRefresh(await oldestPaidAt(orders, now()));
  // At once, so a restarted service does not report "none PAID" for a whole interval.
  const first = refresh().catch((error) => logger.warn({ err: error }, 'PAID age refresh failed'));
  const timer = every(intervalMs, refresh, (error) =>
    logger.warn({ err: error }, 'PAID age refresh failed'),
  );
  return {
    stop: async () => {
      await first;
      await timer.stop();
    },
  };
};
