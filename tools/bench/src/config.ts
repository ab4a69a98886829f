import { env, loadConfig } from '@shop/platform';
import { z } from 'zod';
import { parseProcesses } from './cpu.js';

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
  /** Part l: the catalog is filled to this many items, then its first page read at this rate. */
  BENCH_CATALOG_ITEMS: env.int(0, 1_000_000).default(10_000),
  BENCH_LIST_RATE: env.int(1, 10_000).default(200),
  /** Arrival rates tried for the highest `POST /orders` rate with p99 ≤ 250 ms, lowest first. */
  BENCH_ORDER_RATES: env.list().default(['25', '50', '100', '150', '200', '300', '400']),
  /**
   * Which parts to run: i idle CPU of the stack, e CPU per order at a low rate, a catalog,
   * l the list with a large catalog, b POST /orders at 100/s, f highest POST /orders rate,
   * c saga at 50/s, d highest saga rate. i and e need BENCH_PROCESSES.
   */
  BENCH_PARTS: env.list().default(['i', 'e', 'a', 'l', 'b', 'f', 'c', 'd']),
  /** The stack's processes as name=pid, comma-separated (infra/bench.sh finds them by port). */
  BENCH_PROCESSES: env.optionalList(),
  /** Clock ticks per second of /proc/<pid>/stat (`getconf CLK_TCK`). */
  BENCH_CLK_TCK: env.int(1, 100_000).default(100),
  /**
   * Part i: how long idle CPU is measured. Long enough to average what the engines do now and
   * then on their own (Cassandra's Paxos merge every five minutes, its flushes and compactions,
   * a JVM's or V8's collection of what the warm-up left): 20 s windows after the same warm-up
   * read 6.5–8.0 % of a core (once Cassandra alone 3.2 %), 120 s windows 3.6–5.6 %.
   */
  BENCH_IDLE_SECONDS: env.int(5, 600).default(120),
  /**
   * Part i: how long the stack is left without requests before its idle CPU is measured, so what
   * creating the fixtures set going (compiling the code it ran, collecting its garbage, flushing
   * its writes) is over and the figure is what the stack spends on doing nothing.
   */
  BENCH_IDLE_QUIET_SECONDS: env.int(0, 600).default(60),
  /**
   * Before parts i and e: the saga at this rate for this long (0 s: none), so the engines' JIT
   * compilers have compiled the order path before CPU is counted; otherwise the first orders pay
   * for compiling it (in one cold run, Cassandra's C2 compiler thread used 40 % of its CPU).
   */
  BENCH_WARMUP_SECONDS: env.int(0, 600).default(30),
  BENCH_WARMUP_RATE: env.int(1, 100).default(8),
  /** Part e: the saga at this low rate, for this long, to measure CPU per order. */
  BENCH_COST_RATE: env.int(1, 100).default(2),
  BENCH_COST_SECONDS: env.int(5, 600).default(30),
  /** The wrk binary (infra/bench.sh provisions it); without it part a uses the Node client only. */
  BENCH_WRK: z.string().optional(),
  /**
   * A result JSON of an earlier run (the fresh stack's, for target 6): this run is set beside it
   * in <this run>-side-by-side.md, as a percentage of it.
   */
  BENCH_COMPARE_WITH: z.string().optional(),
  /** Names the run in its file name and title (`baseline`, `current`). */
  BENCH_LABEL: z
    .string()
    .regex(/^[\w.-]*$/)
    .optional(),
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
    orderRates: raw.BENCH_ORDER_RATES.map(Number).filter((rate) => rate > 0),
    list: { items: raw.BENCH_CATALOG_ITEMS, rate: raw.BENCH_LIST_RATE },
    parts: new Set(raw.BENCH_PARTS),
    processes: parseProcesses(raw.BENCH_PROCESSES),
    ticksPerSecond: raw.BENCH_CLK_TCK,
    idleSeconds: raw.BENCH_IDLE_SECONDS,
    idleQuietSeconds: raw.BENCH_IDLE_QUIET_SECONDS,
    warmUp: { rate: raw.BENCH_WARMUP_RATE, seconds: raw.BENCH_WARMUP_SECONDS },
    cost: { rate: raw.BENCH_COST_RATE, seconds: raw.BENCH_COST_SECONDS },
    wrk: raw.BENCH_WRK || undefined,
    label: raw.BENCH_LABEL || undefined,
    compareWith: raw.BENCH_COMPARE_WITH || undefined,
  };
};

export type BenchConfig = ReturnType<typeof loadBenchConfig>;
