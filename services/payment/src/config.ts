import { env, loadConfig, sharedEnv } from '@shop/platform';
import { z } from 'zod';

/** A share from 0 to 1, default 0. */
const rate = () =>
  z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, { error: 'must be a number from 0 to 1' })
    .transform(Number)
    .default(0);

const shared = sharedEnv.combine({
  ...sharedEnv.service('PAYMENT'),
  mysql: sharedEnv.mysql('PAYMENT'),
  kafka: sharedEnv.kafka('PAYMENT'),
  auth: sharedEnv.auth(),
  serviceCredentials: sharedEnv.clientCredentials('PAYMENT'),
  breakers: sharedEnv.breakers(),
  retention: sharedEnv.retention(),
  eventRetentionHours: sharedEnv.eventRetention(),
});

const Schema = z
  .object({
    ...shared.variables,
    ORDER_SERVICE_URL: env.urls(),
    PAYMENT_FAILURE_RATE: rate(),
    /** Seeds the draws of PAYMENT_FAILURE_RATE (which payments, which reasons): a demo repeats. */
    PAYMENT_FAILURE_SEED: env.int(0, 4_294_967_295).optional(),
    PAYMENT_GATEWAY_TIMEOUT_RATE: rate(),
    PAYMENT_GATEWAY_LATENCY_MS: env.int(0, 30_000).default(0),
    PAYMENT_INTERRUPTED_AFTER_SECONDS: env.int(5, 3_600).default(20),
    PAYMENT_HOUSEKEEPING_INTERVAL_MS: env.int(1_000, 600_000).default(30_000),
    IDEMPOTENCY_KEY_TTL_HOURS: env.int(24, 24 * 30).default(24),
    /** Keys the hash of card numbers in Idempotency-Key fingerprints (so none can be guessed back). */
    PAYMENT_FINGERPRINT_SECRET: env.secret(),
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
    ...shared.shape(raw),
    orderServiceUrl: raw.ORDER_SERVICE_URL,
    gateway: {
      failureRate: raw.PAYMENT_FAILURE_RATE,
      failureSeed: raw.PAYMENT_FAILURE_SEED ?? null,
      timeoutRate: raw.PAYMENT_GATEWAY_TIMEOUT_RATE,
      latencyMs: raw.PAYMENT_GATEWAY_LATENCY_MS,
    },
    housekeeping: {
      intervalMs: raw.PAYMENT_HOUSEKEEPING_INTERVAL_MS,
      interruptedAfterMs: raw.PAYMENT_INTERRUPTED_AFTER_SECONDS * 1_000,
    },
    idempotencyTtlHours: raw.IDEMPOTENCY_KEY_TTL_HOURS,
    fingerprintSecret: raw.PAYMENT_FINGERPRINT_SECRET,
  };
};

export type PaymentConfig = ReturnType<typeof loadPaymentConfig>;
