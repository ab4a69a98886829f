import { env, loadConfig } from '@shop/platform';
import { z } from 'zod';

const Schema = z.object({
  GATEWAY_URL: env.url(),
  ITEM_SERVICE_URL: env.url(),
  ORDER_SERVICE_URL: env.url(),
  PAYMENT_SERVICE_URL: env.url(),
  ACCOUNT_SERVICE_URL: env.url(),
  KAFKA_BROKERS: env.list(),
  BOOTSTRAP_ADMIN_EMAIL: env.string(),
  BOOTSTRAP_ADMIN_PASSWORD: env.secret(),
  /** Seconds of each fixed-rate step (the targets ask 5 minutes for the saga: 300). */
  BENCH_SECONDS: env.int(5, 3_600).default(20),
  BENCH_SAGA_SECONDS: env.int(5, 3_600).default(60),
  /** Arrival rates tried for the highest sustainable saga rate, lowest first. */
  BENCH_SAGA_RATES: env.list().default(['10', '15', '20', '25', '50', '100', '150', '200', '250']),
  /** Which parts to run (a catalog, b POST /orders, c saga at 50/s, d highest saga rate). */
  BENCH_PARTS: env.list().default(['a', 'b', 'c', 'd']),
});

/** Where the running stack is (the .env `make up` uses) and how long to measure. */
export const loadBenchConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  return {
    urls: {
      gateway: raw.GATEWAY_URL,
      item: raw.ITEM_SERVICE_URL,
      order: raw.ORDER_SERVICE_URL,
      payment: raw.PAYMENT_SERVICE_URL,
      account: raw.ACCOUNT_SERVICE_URL,
    },
    brokers: raw.KAFKA_BROKERS,
    admin: { email: raw.BOOTSTRAP_ADMIN_EMAIL, password: raw.BOOTSTRAP_ADMIN_PASSWORD },
    seconds: raw.BENCH_SECONDS,
    sagaSeconds: raw.BENCH_SAGA_SECONDS,
    sagaRates: raw.BENCH_SAGA_RATES.map(Number).filter((rate) => rate > 0),
    parts: new Set(raw.BENCH_PARTS),
  };
};

export type BenchConfig = ReturnType<typeof loadBenchConfig>;
