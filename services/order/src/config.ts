import { env, loadConfig, sharedEnv } from '@shop/platform';
import { z } from 'zod';

const shared = sharedEnv.combine({
  ...sharedEnv.service('ORDER'),
  kafka: sharedEnv.kafka('ORDER'),
  auth: sharedEnv.auth(),
  serviceCredentials: sharedEnv.clientCredentials('ORDER'),
  breakers: sharedEnv.breakers(),
});

const Schema = z.object({
  ...shared.variables,
  CASSANDRA_CONTACT_POINTS: env.list(),
  CASSANDRA_LOCAL_DC: env.string(),
  ORDER_KEYSPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,47}$/, { error: 'must be a lower-case CQL identifier' }),
  ORDER_KEYSPACE_REPLICATION: env.string(),
  ITEM_SERVICE_URL: env.urls(),
  PAYMENT_DEADLINE_SECONDS: env.int(10, 7 * 86_400).default(900),
  /**
   * Longest time between two deadline sweeps: how late an order another replica (or a process
   * that crashed) created is cancelled. Orders this process creates are swept at their deadline.
   */
  DEADLINE_SWEEP_INTERVAL_MS: env.int(100, 600_000).default(30_000),
  PAID_AGE_REFRESH_MS: env.int(1_000, 600_000).default(60_000),
});

/** Parses and shapes the environment once at start-up; a bad variable stops the service. */
export const loadOrderConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  return {
    ...shared.shape(raw),
    cassandra: {
      contactPoints: raw.CASSANDRA_CONTACT_POINTS,
      localDataCenter: raw.CASSANDRA_LOCAL_DC,
      keyspace: raw.ORDER_KEYSPACE,
      replication: raw.ORDER_KEYSPACE_REPLICATION,
    },
    itemServiceUrl: raw.ITEM_SERVICE_URL,
    paymentDeadlineSeconds: raw.PAYMENT_DEADLINE_SECONDS,
    deadlineSweepIntervalMs: raw.DEADLINE_SWEEP_INTERVAL_MS,
    paidAgeRefreshMs: raw.PAID_AGE_REFRESH_MS,
  };
};

export type OrderConfig = ReturnType<typeof loadOrderConfig>;
