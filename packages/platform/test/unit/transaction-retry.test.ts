import type { Pool, PoolConnection } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/mysql/pool.js';

/** A pool whose connections record begin/commit/rollback. */
const recordingPool = () => {
  const log: string[] = [];
  const connection = {
    beginTransaction: async () => log.push('begin'),
    commit: async () => log.push('commit'),
    rollback: async () => log.push('rollback'),
    release: () => log.push('release'),
  } as unknown as PoolConnection;
  return { log, pool: { getConnection: async () => connection } as unknown as Pool };
};

const deadlock = () => Object.assign(new Error('Deadlock found'), { errno: 1213 });

describe('transactions and deadlocks', () => {
  it('when a transaction is picked as a deadlock victim and may be retried, then it runs again and commits', async () => {
    const { pool, log } = recordingPool();
    let tries = 0;
    const result = await withTransaction(
      pool,
      async () => {
        tries += 1;
        if (tries === 1) throw deadlock();
        return 'stored';
      },
      { deadlockRetries: 3 },
    );
    expect(result).toBe('stored');
    expect(log).toEqual(['begin', 'rollback', 'release', 'begin', 'commit', 'release']);
  });

  it('when retries are not allowed, or the failure is not a deadlock, then it fails at once', async () => {
    const { pool } = recordingPool();
    let tries = 0;
    const failing = (error: Error) => async () => {
      tries += 1;
      throw error;
    };
    await expect(withTransaction(pool, failing(deadlock()))).rejects.toThrow('Deadlock');
    await expect(
      withTransaction(pool, failing(new Error('duplicate')), { deadlockRetries: 3 }),
    ).rejects.toThrow('duplicate');
    expect(tries).toBe(2);
  });

  it('when every try is a deadlock victim, then it fails after the allowed retries', async () => {
    const { pool } = recordingPool();
    let tries = 0;
    const always = async () => {
      tries += 1;
      throw deadlock();
    };
    await expect(withTransaction(pool, always, { deadlockRetries: 2 })).rejects.toThrow('Deadlock');
    expect(tries).toBe(3);
  });
});
