import { describe, expect, it } from 'vitest';
import { loadSeedConfig } from '../src/seed/config.js';

const stores = (suffix: string) => ({
  BENCH_SEED_ROWS: '10',
  MONGO_URL: 'mongodb://127.0.0.1:27017',
  ITEM_DB_NAME: `itemdb${suffix}`,
  NOTIFICATION_DB_NAME: `notificationdb${suffix}`,
  CASSANDRA_CONTACT_POINTS: '127.0.0.1:9042',
  CASSANDRA_LOCAL_DC: 'datacenter1',
  ORDER_KEYSPACE: `orders_keyspace${suffix}`,
  ORDER_KEYSPACE_REPLICATION: "{'class': 'SimpleStrategy', 'replication_factor': 1}",
});

describe('where seeding may write', () => {
  it("when the stores are the stack's own, then seeding refuses (seeded orders have no payments)", () => {
    expect(() => loadSeedConfig(stores(''))).toThrow(/bench stores/);
  });

  it("when the stores are the bench's own or a test's scratch ones, then seeding goes ahead", () => {
    expect(loadSeedConfig(stores('_bench_seeded')).itemDb).toBe('itemdb_bench_seeded');
    expect(loadSeedConfig(stores('_test_ab12')).cassandra.keyspace).toBe(
      'orders_keyspace_test_ab12',
    );
  });
});
