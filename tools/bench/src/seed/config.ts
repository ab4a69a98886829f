import { env, loadConfig } from '@shop/platform';
import { z } from 'zod';

/**
 * The stores the running services use, named by the same variables their configs read (the
 * bench's own names, from stores-cli.ts, win over .env when infra/bench.sh sets them), and how
 * many rows of each kind to seed.
 */
/**
 * Seeded orders have no payments, so `make audit` would rightly report them in a stack's own
 * stores: only the bench's own stores (`…_bench_<side>`, stores-cli.ts) or a test's scratch
 * stores (`…_test_…`) are seeded.
 */
const seedableStore = (store: z.ZodString) =>
  store.regex(/(_bench_[a-z]+|_test_[a-z0-9_]+)$/, {
    message: 'seeding writes only into bench stores (…_bench_<side>) or scratch test stores',
  });

const Schema = z.object({
  BENCH_SEED_ROWS: env.int(0, 10_000_000).default(0),
  /** Orders written to Cassandra at once; Mongo documents go in insertMany batches of a chunk. */
  BENCH_SEED_CONCURRENCY: env.int(1, 1_000).default(64),
  BENCH_SEED_CHUNK: env.int(1, 10_000).default(1_000),
  MONGO_URL: env.string(),
  ITEM_DB_NAME: seedableStore(env.string()),
  NOTIFICATION_DB_NAME: seedableStore(env.string()),
  CASSANDRA_CONTACT_POINTS: env.list(),
  CASSANDRA_LOCAL_DC: env.string(),
  ORDER_KEYSPACE: seedableStore(z.string().regex(/^[a-z][a-z0-9_]{0,47}$/)),
  ORDER_KEYSPACE_REPLICATION: env.string(),
});

export const loadSeedConfig = (source: Record<string, string | undefined> = process.env) => {
  const raw = loadConfig(Schema, source);
  return {
    rows: raw.BENCH_SEED_ROWS,
    concurrency: raw.BENCH_SEED_CONCURRENCY,
    chunk: raw.BENCH_SEED_CHUNK,
    mongoUrl: raw.MONGO_URL,
    itemDb: raw.ITEM_DB_NAME,
    notificationDb: raw.NOTIFICATION_DB_NAME,
    cassandra: {
      contactPoints: raw.CASSANDRA_CONTACT_POINTS,
      localDataCenter: raw.CASSANDRA_LOCAL_DC,
      keyspace: raw.ORDER_KEYSPACE,
      replication: raw.ORDER_KEYSPACE_REPLICATION,
    },
  };
};

export type SeedConfig = ReturnType<typeof loadSeedConfig>;

/** Only the number asked for: the bench reads the rest only when it seeds. */
export const seedRowsOf = (source: Record<string, string | undefined> = process.env) =>
  loadConfig(Schema.pick({ BENCH_SEED_ROWS: true }), source).BENCH_SEED_ROWS;
