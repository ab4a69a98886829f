import { env, loadConfig, sharedEnv } from '@shop/platform';
import { z } from 'zod';

const shared = sharedEnv.combine({
  ...sharedEnv.service('ITEM'),
  mongo: sharedEnv.mongo('ITEM'),
  kafka: sharedEnv.kafka('ITEM'),
  auth: sharedEnv.auth(),
});

const Schema = z.object({
  ...shared.variables,
  HOLD_DEFAULT_TTL_SECONDS: env.int(10, 86_400).default(1_200),
  /** How often outbox events nobody hinted (a crash, another replica) are searched. */
  SWEEP_INTERVAL_MS: env.int(100, 600_000).default(5_000),
  /**
   * Longest time between two hold sweeps: how late expired and interrupted holds another
   * replica wrote or a crash left are found. Holds this process writes are swept when they fall
   * due (see `startSweeper`).
   */
  HOLD_SWEEP_INTERVAL_MS: env.int(100, 600_000).default(30_000),
  /** An intermediate hold state older than this is treated as interrupted by a crash. */
  HOLD_STUCK_AFTER_SECONDS: env.int(1, 3_600).default(60),
  /**
   * How long the per-order restock markers stay after a restock: they are what makes a second
   * restock by a worker acting on an old read a no-op, so they outlive any such worker by far.
   */
  RESTOCK_MARKER_RETENTION_HOURS: env.int(1, 24 * 30).default(24),
});

/** Parses and shapes the environment once at start-up; a bad variable stops the service. */
export const loadItemConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  return {
    ...shared.shape(raw),
    holds: {
      defaultTtlSeconds: raw.HOLD_DEFAULT_TTL_SECONDS,
      sweepIntervalMs: raw.SWEEP_INTERVAL_MS,
      holdSweepIntervalMs: raw.HOLD_SWEEP_INTERVAL_MS,
      stuckAfterSeconds: raw.HOLD_STUCK_AFTER_SECONDS,
      restockRetentionHours: raw.RESTOCK_MARKER_RETENTION_HOURS,
    },
  };
};

export type ItemConfig = ReturnType<typeof loadItemConfig>;
