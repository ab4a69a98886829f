import { env, loadConfig, TRACING_ENV, tracingConfig } from '@shop/platform';
import { z } from 'zod';

const Schema = z.object({
  BIND_HOST: env.string(),
  ITEM_PORT: env.port(),
  LOG_LEVEL: env.logLevel().default('info'),
  ...TRACING_ENV,
  MONGO_URL: env.string(),
  ITEM_DB_NAME: env.string(),
  KAFKA_BROKERS: env.list(),
  KAFKA_TOPIC_NAMESPACE: env.topicNamespace(),
  ITEM_CONSUMER_GROUP: env.string(),
  JWT_ISSUER: env.string(),
  JWT_AUDIENCE: env.string(),
  ACCOUNT_SERVICE_URL: env.urls(),
  HOLD_DEFAULT_TTL_SECONDS: env.int(10, 86_400).default(1_200),
  /** How often expired and interrupted holds, and outbox events nobody hinted, are searched. */
  SWEEP_INTERVAL_MS: env.int(100, 600_000).default(5_000),
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
    http: { host: raw.BIND_HOST, port: raw.ITEM_PORT },
    logLevel: raw.LOG_LEVEL,
    tracing: tracingConfig(raw),
    mongo: { url: raw.MONGO_URL, database: raw.ITEM_DB_NAME },
    kafka: {
      brokers: raw.KAFKA_BROKERS,
      groupId: raw.ITEM_CONSUMER_GROUP,
      topicNamespace: raw.KAFKA_TOPIC_NAMESPACE,
    },
    auth: {
      issuer: raw.JWT_ISSUER,
      audience: raw.JWT_AUDIENCE,
      accountServiceUrl: raw.ACCOUNT_SERVICE_URL,
    },
    holds: {
      defaultTtlSeconds: raw.HOLD_DEFAULT_TTL_SECONDS,
      sweepIntervalMs: raw.SWEEP_INTERVAL_MS,
      stuckAfterSeconds: raw.HOLD_STUCK_AFTER_SECONDS,
      restockRetentionHours: raw.RESTOCK_MARKER_RETENTION_HOURS,
    },
  };
};

export type ItemConfig = ReturnType<typeof loadItemConfig>;
