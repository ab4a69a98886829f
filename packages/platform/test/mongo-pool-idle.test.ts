import timers from 'node:timers';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createMongoClient } from '../src/mongo/client.js';

/**
 * patches/mongodb@6.22.0.patch: each connection pool re-checked its minimum size every 100 ms,
 * waking every idle item- and notification-service ten times a second. With no minimum and no
 * idle limit (how the services configure it) it checks once a second; with either, as before.
 */
const clients: MongoClient[] = [];
afterAll(async () => {
  for (const client of clients) await client.close();
});

/** How many times the pool's check was scheduled over `ms` of an idle, connected client. */
const poolChecksWhileIdle = async (client: MongoClient, ms: number) => {
  clients.push(client);
  await client.connect();
  await client.db('admin').command({ ping: 1 });
  // The driver calls the timers module's setTimeout (not the global), at call time.
  const timeouts = vi.spyOn(timers, 'setTimeout');
  try {
    await new Promise((resolve) => globalThis.setTimeout(resolve, ms));
    return timeouts.mock.calls.filter(([callback]) =>
      String(callback).includes('ensureMinPoolSize'),
    ).length;
  } finally {
    timeouts.mockRestore();
  }
};

describe('the MongoDB driver at rest (patched)', () => {
  it('when a service’s client is idle, then its pool checks itself about once a second', async () => {
    const checks = await poolChecksWhileIdle(
      createMongoClient(process.env.MONGO_URL ?? '', 5),
      2_000,
    );
    expect(checks).toBeGreaterThanOrEqual(1);
    expect(checks).toBeLessThanOrEqual(3);
  });

  it('when a client keeps a minimum of connections, then its pool checks every 100 ms as before', async () => {
    const checks = await poolChecksWhileIdle(
      new MongoClient(process.env.MONGO_URL ?? '', { minPoolSize: 1 }),
      2_000,
    );
    expect(checks).toBeGreaterThanOrEqual(10);
  });
});
