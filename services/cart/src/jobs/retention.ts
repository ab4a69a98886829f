import type { Logger } from '@shop/platform/log';
import { purgeProcessedEvents } from '@shop/platform/mysql';
import { type BatchLimits, retentionCutoff, startRetention } from '@shop/platform/retention';
import type { Pool } from 'mysql2/promise';

/** What one purge run deletes, by name: processed-event ids (cart has no outbox). */
export const cartRetentionTasks = (pool: Pool, eventHours: number, now: () => Date) => ({
  'processed event ids': async (limit: number) =>
    await purgeProcessedEvents(pool, retentionCutoff(now(), eventHours), limit),
});

/** Periodic purge of carts_db's processed-event ids; harmless on two replicas. */
export const startCartRetention = (
  pool: Pool,
  retention: BatchLimits & { intervalMs: number; eventHours: number },
  logger: Logger,
  now: () => Date,
) => startRetention(cartRetentionTasks(pool, retention.eventHours, now), { ...retention, logger });
