import { every, type Stoppable } from './lifecycle.js';
import type { Logger } from './log.js';

/** Deletes at most `limit` expired rows and says how many it deleted. */
export type PurgeBatch = (limit: number) => Promise<number>;

export interface BatchLimits {
  /** Rows per DELETE: small, so no statement holds its locks for long. */
  batchSize: number;
  /** Batches per run at most; what is left waits for the next run. */
  maxBatches: number;
}

/**
 * Runs `deleteBatch` until a batch comes back short (nothing more is old enough) or
 * `maxBatches` ran. Each batch is its own statement, so other writers wait at most one batch.
 */
export const purgeInBatches = async (deleteBatch: PurgeBatch, limits: BatchLimits) => {
  let total = 0;
  for (let batch = 0; batch < limits.maxBatches; batch += 1) {
    const deleted = await deleteBatch(limits.batchSize);
    total += deleted;
    if (deleted < limits.batchSize) break;
  }
  return total;
};

export interface RetentionOptions extends BatchLimits {
  intervalMs: number;
  logger: Logger;
}

/**
 * Purges every `intervalMs`: each named task gets a batch function for the rows older than its
 * retention. A failing task is logged and the others still run. Safe on two replicas at once:
 * each DELETE only removes rows past retention, and one that another replica removed first is
 * simply not counted.
 */
export const startRetention = (
  tasks: Record<string, PurgeBatch>,
  { intervalMs, logger, ...limits }: RetentionOptions,
): Stoppable =>
  every(
    intervalMs,
    async () => await retentionRound(tasks, { logger, ...limits }),
    (error) => logger.warn({ err: error }, 'retention purge failed'),
  );

/** One purge of every task (see `startRetention`); returns the rows deleted per task. */
export const retentionRound = async (
  tasks: Record<string, PurgeBatch>,
  { logger, ...limits }: BatchLimits & { logger: Logger },
) => {
  const deleted: Record<string, number> = {};
  for (const [task, purge] of Object.entries(tasks)) {
    deleted[task] = await purgeInBatches(purge, limits).catch((error: unknown) => {
      logger.warn({ err: error, task }, 'retention purge task failed');
      return 0;
    });
  }
  if (Object.values(deleted).some((count) => count > 0))
    logger.info({ deleted }, 'purged old rows');
  return deleted;
};

/** The moment `hours` before `now`: rows older than it are past retention. */
export const retentionCutoff = (now: Date, hours: number) =>
  new Date(now.getTime() - hours * 3_600_000);
