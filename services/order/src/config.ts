import { env, loadConfig, TRACING_ENV, tracingConfig } from '@shop/platform';
import { z } from 'zod';

const Schema = z.object({
  BIND_HOST: env.string(),
  ORDER_PORT: env.port(),
  LOG_LEVEL: env.logLevel().default('info'),
  ...TRACING_ENV,
  CASSANDRA_CONTACT_POINTS: env.list(),
  CASSANDRA_LOCAL_DC: env.string(),
  ORDER_KEYSPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,47}$/, { error: 'must be a lower-case CQL identifier' }),
  ORDER_KEYSPACE_REPLICATION: env.string(),
  KAFKA_BROKERS: env.list(),
  KAFKA_TOPIC_NAMESPACE: env.topicNamespace(),
  ORDER_CONSUMER_GROUP: env.string(),
  JWT_ISSUER: env.string(),
  JWT_AUDIENCE: env.string(),
  ACCOUNT_SERVICE_URL: env.urls(),
  ITEM_SERVICE_URL: env.urls(),
  ORDER_CLIENT_SECRET: env.secret(),
  PAYMENT_DEADLINE_SECONDS: env.int(10, 7 * 86_400).default(900),
  DEADLINE_SWEEP_INTERVAL_MS: env.int(100, 600_000).default(5_000),
});

/** Parses and shapes the environment once at start-up; a bad variable stops the service. */
export const loadOrderConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  return {
    http: { host: raw.BIND_HOST, port: raw.ORDER_PORT },
    logLevel: raw.LOG_LEVEL,
    tracing: tracingConfig(raw),
    cassandra: {
      contactPoints: raw.CASSANDRA_CONTACT_POINTS,
      localDataCenter: raw.CASSANDRA_LOCAL_DC,
      keyspace: raw.ORDER_KEYSPACE,
      replication: raw.ORDER_KEYSPACE_REPLICATION,
    },
    kafka: {
      brokers: raw.KAFKA_BROKERS,
      groupId: raw.ORDER_CONSUMER_GROUP,
      topicNamespace: raw.KAFKA_TOPIC_NAMESPACE,
    },
    auth: {
      issuer: raw.JWT_ISSUER,
      audience: raw.JWT_AUDIENCE,
      accountServiceUrl: raw.ACCOUNT_SERVICE_URL,
    },
    serviceCredentials: { clientId: 'order-service', clientSecret: raw.ORDER_CLIENT_SECRET },
    itemServiceUrl: raw.ITEM_SERVICE_URL,
    paymentDeadlineSeconds: raw.PAYMENT_DEADLINE_SECONDS,
    deadlineSweepIntervalMs: raw.DEADLINE_SWEEP_INTERVAL_MS,
  };
};

export type OrderConfig = ReturnType<typeof loadOrderConfig>;
