import type { Logger } from '@shop/platform/log';
import { purgeProcessedEvents, purgePublishedOutbox } from '@shop/platform/mysql';
import { type BatchLimits, retentionCutoff, startRetention } from '@shop/platform/retention';
import type { Pool } from 'mysql2/promise';

/** What one purge run deletes, by name: published outbox rows and processed-event ids. */
export const paymentRetentionTasks = (pool: Pool, eventHours: number, now: () => Date) => ({
  'published outbox rows': async (limit: number) =>
    await purgePublishedOutbox(pool, retentionCutoff(now(), eventHours), limit),
  'processed event ids': async (limit: number) =>
    await purgeProcessedEvents(pool, retentionCutoff(now(), eventHours), limit),
});

/**
 * Periodic purge of payments_db's event bookkeeping (Idempotency-Key records go in
 * housekeeping, after IDEMPOTENCY_KEY_TTL_HOURS); harmless on two replicas.
 */
export const startPaymentRetention = (
  pool: Pool,
  retention: BatchLimits & { intervalMs: number; eventHours: number },
  logger: Logger,
  now: () => Date,
) =>
  startRetention(paymentRetentionTasks(pool, retention.eventHours, now), { ...retention, logger });
