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
  /**
   * How long `GET /items/{id}` and the first page of `GET /items` may answer from this
   * process's memory: what another replica wrote shows within it (this process's own writes
   * show at once). 0 reads the store each time.
   */
  ITEM_READ_CACHE_TTL_MS: env.int(0, 60_000).default(1_000),
  /** Items kept in that cache at most (least recently read go first). */
  ITEM_READ_CACHE_MAX_ENTRIES: env.int(1, 1_000_000).default(10_000),
  /** First pages of `GET /items` (one per query) kept at most: each holds up to 100 items. */
  ITEM_LIST_CACHE_MAX_ENTRIES: env.int(1, 100_000).default(500),
  /** `Cache-Control: public, max-age=…` of `GET /items/{id}`; 0 sends `no-cache`. */
  ITEM_HTTP_MAX_AGE_SECONDS: env.int(0, 3_600).default(1),
});

/** Parses and shapes the environment once at start-up; a bad variable stops the service. */
export const loadItemConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  return {
    ...shared.shape(raw),
    holds: {
      defaultTtlSeconds: raw.HOLD_DEFAULT_TTL_SECONDS,
      holdSweepIntervalMs: raw.HOLD_SWEEP_INTERVAL_MS,
      stuckAfterSeconds: raw.HOLD_STUCK_AFTER_SECONDS,
      restockRetentionHours: raw.RESTOCK_MARKER_RETENTION_HOURS,
    },
    readCache: {
      ttlMs: raw.ITEM_READ_CACHE_TTL_MS,
      maxEntries: raw.ITEM_READ_CACHE_MAX_ENTRIES,
      httpMaxAgeSeconds: raw.ITEM_HTTP_MAX_AGE_SECONDS,
    },
    listCache: { ttlMs: raw.ITEM_READ_CACHE_TTL_MS, maxEntries: raw.ITEM_LIST_CACHE_MAX_ENTRIES },
  };
};

export type ItemConfig = ReturnType<typeof loadItemConfig>;
