import { env, loadConfig, TRACING_ENV, tracingConfig } from '@shop/platform';
import { z } from 'zod';

/** A share from 0 to 1, default 0. */
const rate = () =>
  z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, { error: 'must be a number from 0 to 1' })
    .transform(Number)
    .default(0);

const Schema = z
  .object({
    BIND_HOST: env.string(),
    PAYMENT_PORT: env.port(),
    LOG_LEVEL: env.logLevel().default('info'),
    ...TRACING_ENV,
    MYSQL_HOST: env.string(),
    MYSQL_PORT: env.port(),
    PAYMENT_DB_NAME: env.string(),
    PAYMENT_DB_USER: env.string(),
    PAYMENT_DB_PASSWORD: env.secret(),
    KAFKA_BROKERS: env.list(),
    KAFKA_TOPIC_NAMESPACE: env.topicNamespace(),
    PAYMENT_CONSUMER_GROUP: env.string(),
    JWT_ISSUER: env.string(),
    JWT_AUDIENCE: env.string(),
    ACCOUNT_SERVICE_URL: env.urls(),
    ORDER_SERVICE_URL: env.urls(),
    PAYMENT_CLIENT_SECRET: env.secret(),
    PAYMENT_FAILURE_RATE: rate(),
    PAYMENT_GATEWAY_TIMEOUT_RATE: rate(),
    PAYMENT_GATEWAY_LATENCY_MS: env.int(0, 30_000).default(0),
    PAYMENT_INTERRUPTED_AFTER_SECONDS: env.int(5, 3_600).default(20),
    PAYMENT_HOUSEKEEPING_INTERVAL_MS: env.int(1_000, 600_000).default(5_000),
    IDEMPOTENCY_KEY_TTL_HOURS: env.int(24, 24 * 30).default(24),
  })
  .refine(
    // A running charge (order-service's check ≤ 5 s, the gateway's latency, the lookups) must end
    // before housekeeping takes it for interrupted, or the gateway voids charges that were fine.
    (raw) =>
      raw.PAYMENT_INTERRUPTED_AFTER_SECONDS * 1_000 >= raw.PAYMENT_GATEWAY_LATENCY_MS + 10_000,
    {
      path: ['PAYMENT_INTERRUPTED_AFTER_SECONDS'],
      error: 'must be at least PAYMENT_GATEWAY_LATENCY_MS + 10 s',
    },
  );

/** Parses and shapes the environment once at start-up; a bad variable stops the service. */
export const loadPaymentConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  return {
    http: { host: raw.BIND_HOST, port: raw.PAYMENT_PORT },
    logLevel: raw.LOG_LEVEL,
    tracing: tracingConfig(raw),
    mysql: {
      host: raw.MYSQL_HOST,
      port: raw.MYSQL_PORT,
      database: raw.PAYMENT_DB_NAME,
      user: raw.PAYMENT_DB_USER,
      password: raw.PAYMENT_DB_PASSWORD,
    },
    kafka: {
      brokers: raw.KAFKA_BROKERS,
      groupId: raw.PAYMENT_CONSUMER_GROUP,
      topicNamespace: raw.KAFKA_TOPIC_NAMESPACE,
    },
    auth: {
      issuer: raw.JWT_ISSUER,
      audience: raw.JWT_AUDIENCE,
      accountServiceUrl: raw.ACCOUNT_SERVICE_URL,
    },
    serviceCredentials: { clientId: 'payment-service', clientSecret: raw.PAYMENT_CLIENT_SECRET },
    orderServiceUrl: raw.ORDER_SERVICE_URL,
    gateway: {
      failureRate: raw.PAYMENT_FAILURE_RATE,
      timeoutRate: raw.PAYMENT_GATEWAY_TIMEOUT_RATE,
      latencyMs: raw.PAYMENT_GATEWAY_LATENCY_MS,
    },
    housekeeping: {
      intervalMs: raw.PAYMENT_HOUSEKEEPING_INTERVAL_MS,
      interruptedAfterMs: raw.PAYMENT_INTERRUPTED_AFTER_SECONDS * 1_000,
    },
    idempotencyTtlHours: raw.IDEMPOTENCY_KEY_TTL_HOURS,
  };
};

export type PaymentConfig = ReturnType<typeof loadPaymentConfig>;
